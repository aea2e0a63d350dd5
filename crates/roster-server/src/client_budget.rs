//! A budget of anonymous password attempts per client address, shared by every route that checks
//! or sets a password without a token (login, invitation accept): past `per_minute` in a minute,
//! they answer 429 with `Retry-After` before reading the body, touching the store or hashing. This
//! bounds what one address can make Roster hash, on top of the per-email lockout, which an
//! attacker spraying unknown emails never trips. Counted in memory, per process; the address is
//! the TCP peer's (behind a proxy that is the proxy's: raise the budget or turn it off there).
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Addresses remembered at most; past it, those of earlier minutes are forgotten first.
const MAX_ADDRESSES: usize = 100_000;

/// A refusal is answered after this long. It costs the server a timer, not CPU, and a client that
/// ignores `Retry-After` and asks again at once can then send one request a second per connection
/// instead of tens of thousands: a spray of refused logins cannot crowd out real requests.
pub const REFUSAL_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

pub struct ClientBudget {
    per_minute: u32,
    /// Per address: the minute (unix seconds / 60) and the attempts in it.
    used: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl ClientBudget {
    /// `per_minute` 0 turns the budget off.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            used: Mutex::default(),
        }
    }

    /// Takes one attempt for `addr`; when the minute's budget is spent, the seconds until it renews.
    pub fn take(&self, addr: IpAddr, now_secs: i64) -> Result<(), i64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let minute = now_secs.div_euclid(60);
        let Ok(mut used) = self.used.lock() else {
            return Ok(());
        };
        if used.len() >= MAX_ADDRESSES && !used.contains_key(&addr) {
            used.retain(|_, (m, _)| *m == minute);
            if used.len() >= MAX_ADDRESSES {
                // Every slot is this minute's: a flood from many addresses; refuse newcomers.
                return Err(60 - now_secs.rem_euclid(60));
            }
        }
        let entry = used.entry(addr).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= self.per_minute {
            return Err(60 - now_secs.rem_euclid(60));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_per_address_per_minute() {
        let b = ClientBudget::new(2);
        let (a, c): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        assert_eq!((b.take(a, 120), b.take(a, 121)), (Ok(()), Ok(())));
        assert_eq!(b.take(a, 150), Err(30));
        assert_eq!(b.take(c, 150), Ok(()), "another address has its own");
        assert_eq!(b.take(a, 180), Ok(()), "a new minute");
        assert_eq!(ClientBudget::new(0).take(a, 1), Ok(()));
    }
}
