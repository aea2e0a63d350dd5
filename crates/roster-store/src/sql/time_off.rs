//! A person's time off. Its row carries its occurrences as JSON (one row, one snapshot, for reads);
//! `time_off_instances` holds them again, indexed, for the overlap rule, which every write checks
//! with the person locked.
use super::backend::{begin, commit, Backend, Cells, Sql, Tx};
use super::people::{find_person, lock_person};
use super::rows::{get, id};
use super::SqlStore;
use async_trait::async_trait;
use roster_core::dates::Millis;
use roster_core::model::{check_overlap, hours_of, Booked, Day, Occurrence, Repeat, TimeOfDay, TimeOff, TimeOffData};
use roster_core::paging::{Cursor, CursorPage};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Edit, IdRef, PersonId, StoreError, TimeOffId, TimeOffStore};
use serde_json::json;
use uuid::Uuid;

const COLUMNS: &str = "id, company_id, person_id, start_day, end_day, is_paid, reason, repeat, cadence, \
     repeat_end_day, apply_to_saturday, apply_to_sunday, batch_start_time, batch_end_time, created_at, updated_at, \
     instances";

fn corrupt(what: &str) -> StoreError {
    StoreError::Other(format!("corrupt time off {what}"))
}

fn day(n: i64) -> StoreResult<Day> {
    Day::from_number(n).ok_or_else(|| corrupt("day"))
}

fn time_of_day(n: Option<i64>) -> StoreResult<Option<TimeOfDay>> {
    n.map(|n| u16::try_from(n).map(TimeOfDay).map_err(|_| corrupt("time")))
        .transpose()
}

fn read(row: &(impl Cells + ?Sized)) -> StoreResult<TimeOff> {
    let repeat: String = get(row, "repeat")?;
    let instances: String = get(row, "instances")?;
    let instances: Vec<serde_json::Value> = serde_json::from_str(&instances).map_err(|_| corrupt("instances"))?;
    let instances = instances
        .iter()
        .map(|i| {
            let n = |k: &str| i[k].as_i64().ok_or_else(|| corrupt("instances"));
            let id = i["id"].as_str().and_then(|s| s.parse().ok());
            Ok((
                id.ok_or_else(|| corrupt("instances"))?,
                Occurrence {
                    start_day: day(n("start_day")?)?,
                    end_day: day(n("end_day")?)?,
                },
            ))
        })
        .collect::<StoreResult<_>>()?;
    Ok(TimeOff {
        id: id(row, "id")?,
        person_id: id(row, "person_id")?,
        company_id: id(row, "company_id")?,
        data: TimeOffData {
            start_day: day(get(row, "start_day")?)?,
            end_day: day(get(row, "end_day")?)?,
            is_paid: get(row, "is_paid")?,
            reason: get(row, "reason")?,
            repeat: Repeat::parse(&repeat).ok_or_else(|| corrupt("repeat"))?,
            cadence: get::<Option<i64>>(row, "cadence")?
                .map(|c| u32::try_from(c).map_err(|_| corrupt("cadence")))
                .transpose()?,
            repeat_end_day: get::<Option<i64>>(row, "repeat_end_day")?.map(day).transpose()?,
            apply_to_saturday: get(row, "apply_to_saturday")?,
            apply_to_sunday: get(row, "apply_to_sunday")?,
            batch_start_time: time_of_day(get(row, "batch_start_time")?)?,
            batch_end_time: time_of_day(get(row, "batch_end_time")?)?,
        },
        instances,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn instances_json(instances: &[(Uuid, Occurrence)]) -> String {
    let items: Vec<serde_json::Value> = instances
        .iter()
        .map(|(id, o)| json!({"id": id.to_string(), "start_day": o.start_day.number(), "end_day": o.end_day.number()}))
        .collect();
    serde_json::Value::from(items).to_string()
}

/// Checks the rules of `data` and that its occurrences overlap none of the person's other time
/// off; answers the occurrences, each with the id of the one at its position in `kept` (a new id
/// past its end).
async fn occurrences<B: Backend>(
    conn: &mut Tx<B>,
    person: PersonId,
    id: TimeOffId,
    data: &TimeOffData,
    kept: &[(Uuid, Occurrence)],
) -> StoreResult<Vec<(Uuid, Occurrence)>> {
    let new = data.occurrences()?;
    let (Some(first), Some(last)) = (new.first(), new.last()) else {
        return Ok(Vec::new());
    };
    let rows = Sql::new(
        "SELECT i.start_day, i.end_day, t.batch_start_time, t.batch_end_time \
         FROM time_off_instances i JOIN time_off t ON t.id = i.time_off_id \
         WHERE i.person_id = $1 AND i.time_off_id <> $2 AND i.start_day <= $3 AND i.end_day >= $4",
    )
    .bind(person.to_string())
    .bind(id.to_string())
    .bind(last.end_day.number())
    .bind(first.start_day.number())
    .fetch_all(&mut *conn)
    .await?;
    let booked = rows
        .iter()
        .map(|r| {
            let hours = hours_of(
                time_of_day(get(r, "batch_start_time")?)?,
                time_of_day(get(r, "batch_end_time")?)?,
            );
            Ok(Booked {
                occurrence: Occurrence {
                    start_day: day(get(r, "start_day")?)?,
                    end_day: day(get(r, "end_day")?)?,
                },
                hours,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    check_overlap(&new, data.hours(), &booked)?;
    Ok(new
        .into_iter()
        .enumerate()
        .map(|(k, o)| (kept.get(k).map_or_else(Uuid::now_v7, |(id, _)| *id), o))
        .collect())
}

/// Writes the time off's occurrences to the indexed copy, replacing any it had.
async fn write_instances<B: Backend>(conn: &mut Tx<B>, t: &TimeOff) -> StoreResult<()> {
    Sql::new("DELETE FROM time_off_instances WHERE time_off_id = $1")
        .bind(t.id.to_string())
        .execute(&mut *conn)
        .await?;
    for chunk in t.instances.chunks(200) {
        let mut q = Sql::new("INSERT INTO time_off_instances (id, time_off_id, person_id, start_day, end_day) VALUES ");
        for (i, (id, o)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push_row([
                id.to_string().into(),
                t.id.to_string().into(),
                t.person_id.to_string().into(),
                o.start_day.number().into(),
                o.end_day.number().into(),
            ]);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The statement's values for the data columns, in `COLUMNS` order from `start_day`.
fn bind_data<'a>(q: Sql<'a>, t: &TimeOff) -> Sql<'a> {
    let d = &t.data;
    q.bind(d.start_day.number())
        .bind(d.end_day.number())
        .bind(d.is_paid)
        .bind(d.reason.clone())
        .bind(d.repeat.as_str())
        .bind(d.cadence.map(i64::from))
        .bind(d.repeat_end_day.map(Day::number))
        .bind(d.apply_to_saturday)
        .bind(d.apply_to_sunday)
        .bind(d.batch_start_time.map(|t| i64::from(t.0)))
        .bind(d.batch_end_time.map(|t| i64::from(t.0)))
        .bind(t.updated_at)
        .bind(instances_json(&t.instances))
}

#[async_trait]
impl<B: Backend> TimeOffStore for SqlStore<B> {
    async fn create_time_off(
        &self,
        company: CompanyId,
        person: IdRef,
        id: TimeOffId,
        data: &TimeOffData,
        now: Millis,
    ) -> StoreResult<TimeOff> {
        let mut tx = begin(&self.write).await?;
        let person = lock_person(&mut tx, company, person).await?;
        let instances = occurrences(&mut tx, person, id, data, &[]).await?;
        let t = TimeOff {
            id,
            person_id: person,
            company_id: company,
            data: data.clone(),
            instances,
            created_at: now,
            updated_at: now,
        };
        let insert = Sql::new(
            "INSERT INTO time_off (start_day, end_day, is_paid, reason, repeat, cadence, repeat_end_day, \
             apply_to_saturday, apply_to_sunday, batch_start_time, batch_end_time, updated_at, instances, \
             id, company_id, person_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        );
        bind_data(insert, &t)
            .bind(id.to_string())
            .bind(company.to_string())
            .bind(person.to_string())
            .bind(now)
            .execute(&mut tx)
            .await?;
        write_instances(&mut tx, &t).await?;
        commit(tx).await?;
        Ok(t)
    }

    async fn time_off(&self, company: CompanyId, person: IdRef, id: TimeOffId) -> StoreResult<TimeOff> {
        let person = find_person(&self.read, company, person).await?;
        let row = Sql::new(format!(
            "SELECT {COLUMNS} FROM time_off WHERE id = $1 AND person_id = $2"
        ))
        .bind(id.to_string())
        .bind(person.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("time off"))?;
        read(&row)
    }

    async fn time_offs(
        &self,
        company: CompanyId,
        person: IdRef,
        cursor: Cursor<TimeOffId>,
        limit: usize,
    ) -> StoreResult<CursorPage<TimeOff>> {
        let person = find_person(&self.read, company, person).await?;
        let key = |at: TimeOffId| async move {
            let start: Option<i64> = Sql::new("SELECT start_day FROM time_off WHERE id = $1 AND person_id = $2")
                .bind(at.to_string())
                .bind(person.to_string())
                .scalar_optional(&self.read)
                .await?;
            start.map(|s| (s, at.to_string())).ok_or(StoreError::NotFound("cursor"))
        };
        let mut q = Sql::new(format!("SELECT {COLUMNS} FROM time_off WHERE person_id = "));
        q.push_bind(person.to_string());
        let backwards = match cursor {
            Cursor::First => false,
            Cursor::After(at) => {
                let (start, id) = key(at).await?;
                q.push(" AND (start_day > ").push_bind(start).push(" OR (start_day = ");
                q.push_bind(start)
                    .push(&format!(" AND id{} > ", B::BYTE_ORDER))
                    .push_bind(id)
                    .push("))");
                false
            }
            Cursor::Before(at) => {
                let (start, id) = key(at).await?;
                q.push(" AND (start_day < ").push_bind(start).push(" OR (start_day = ");
                q.push_bind(start)
                    .push(&format!(" AND id{} < ", B::BYTE_ORDER))
                    .push_bind(id)
                    .push("))");
                true
            }
        };
        let order = if backwards { "DESC" } else { "ASC" };
        q.push(&format!(
            " ORDER BY start_day {order}, id{} {order} LIMIT ",
            B::BYTE_ORDER
        ))
        .push_bind(limit as i64 + 1);
        let rows = q.fetch_all(&self.read).await?;
        let total: i64 = Sql::new("SELECT COUNT(*) FROM time_off WHERE person_id = $1")
            .bind(person.to_string())
            .scalar(&self.read)
            .await?;
        let more = rows.len() > limit;
        let mut items = rows.iter().take(limit).map(read).collect::<StoreResult<Vec<_>>>()?;
        if backwards {
            items.reverse();
        }
        Ok(CursorPage {
            items,
            total,
            more_before: if backwards {
                more
            } else {
                !matches!(cursor, Cursor::First)
            },
            more_after: if backwards { true } else { more },
        })
    }

    async fn update_time_off(
        &self,
        company: CompanyId,
        person: IdRef,
        id: TimeOffId,
        edit: Edit<'_, TimeOffData>,
        now: Millis,
    ) -> StoreResult<TimeOff> {
        let mut tx = begin(&self.write).await?;
        let person = lock_person(&mut tx, company, person).await?;
        let row = Sql::new(format!(
            "SELECT {COLUMNS} FROM time_off WHERE id = $1 AND person_id = $2"
        ))
        .bind(id.to_string())
        .bind(person.to_string())
        .fetch_optional(&mut tx)
        .await?
        .ok_or(StoreError::NotFound("time off"))?;
        let mut t = read(&row)?;
        edit(&mut t.data)?;
        t.instances = occurrences(&mut tx, person, id, &t.data, &t.instances).await?;
        t.updated_at = now.max(t.updated_at + 1);
        let update = Sql::new(
            "UPDATE time_off SET start_day = $1, end_day = $2, is_paid = $3, reason = $4, repeat = $5, cadence = $6, \
             repeat_end_day = $7, apply_to_saturday = $8, apply_to_sunday = $9, batch_start_time = $10, \
             batch_end_time = $11, updated_at = $12, instances = $13 WHERE id = $14",
        );
        bind_data(update, &t).bind(id.to_string()).execute(&mut tx).await?;
        write_instances(&mut tx, &t).await?;
        commit(tx).await?;
        Ok(t)
    }

    async fn delete_time_off(&self, company: CompanyId, person: IdRef, id: TimeOffId) -> StoreResult<()> {
        let mut tx = begin(&self.write).await?;
        let person = lock_person(&mut tx, company, person).await?;
        let gone = Sql::new("DELETE FROM time_off WHERE id = $1 AND person_id = $2")
            .bind(id.to_string())
            .bind(person.to_string())
            .execute(&mut tx)
            .await?;
        if gone == 0 {
            return Err(StoreError::NotFound("time off"));
        }
        commit(tx).await
    }
}
