"""A real SMTP server with TLS and AUTH for the mailer's tests (aiosmtpd, PyPI).

usage: tls_server.py <port> <maildir> <cert.pem> <key.pem> <implicit|starttls> <user> <password>
Implicit TLS (smtps) or STARTTLS required before AUTH; AUTH PLAIN/LOGIN required before MAIL;
messages go to a maildir. Runs until killed.
"""
import ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, SMTP


def main():
    port, maildir, cert, key, mode, user, password = sys.argv[1:8]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def text(value):
        return value.decode() if isinstance(value, bytes) else value

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = text(auth_data.login) == user and text(auth_data.password) == password
        return AuthResult(success=ok, handled=False)

    kwargs = dict(hostname="127.0.0.1", port=int(port), authenticator=authenticator, auth_required=True)
    if mode == "implicit":
        # The whole connection is TLS; aiosmtpd counts only STARTTLS as TLS for AUTH, so it is
        # not asked to require it here.
        controller = Controller(Mailbox(maildir), ssl_context=context, auth_require_tls=False, **kwargs)
    else:
        controller = Controller(Mailbox(maildir), tls_context=context, require_starttls=True, auth_require_tls=True,
                                **kwargs)
    controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
