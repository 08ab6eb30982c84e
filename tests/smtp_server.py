"""A small real SMTP server on a real socket, for the failures Mailpit cannot show.

It speaks enough SMTP for smtplib (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and
behaves as `mode` says, which a test may change while it runs:

- "relay": accept, and hand the message to Mailpit (so a test counts what really arrived);
- "hold": take the message's words, then say nothing until `release` is set (a slow server);
- "drop": take the message's words, then hang up without answering (it may have gone);
- "silent": accept the connection and never greet (a listener that never answers).

With `password` set, AUTH PLAIN must give it, or the answer is 535.
"""

from __future__ import annotations

import base64
import smtplib
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

MAILPIT_SMTP = ("127.0.0.1", 1025)


@dataclass
class SmtpServer:
    port: int
    mode: str = "relay"
    password: str | None = None
    release: threading.Event = field(default_factory=threading.Event)
    logins: list[bool] = field(default_factory=list)  # each AUTH: accepted or not
    received: int = 0  # messages whose words reached us


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        smtp = self.server.smtp
        if smtp.mode == "silent":
            smtp.release.wait(120)
            return
        self.reply("220 chorus-test ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-chorus-test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
            elif verb == "HELO" or verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "AUTH":
                _, password = base64.b64decode(command.split()[-1]).decode().rsplit("\0", 1)
                smtp.logins.append(password == smtp.password)
                self.reply("235 OK" if password == smtp.password else "535 5.7.8 Bad credentials")
            elif verb == "MAIL":
                sender = command.split(":", 1)[1].split()[0].strip("<>")
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                words = self.read_data()
                smtp.received += 1
                if smtp.mode == "drop":
                    return
                if smtp.mode == "hold":
                    smtp.release.wait(120)
                    return
                with smtplib.SMTP(*MAILPIT_SMTP, timeout=10) as mailpit:
                    mailpit.sendmail(sender, recipients, words)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    smtp: SmtpServer


@contextmanager
def smtp_server(port: int = 0, **options: object) -> Iterator[SmtpServer]:
    """Serve on 127.0.0.1:port (0: any free port) until the block ends."""
    server = _Server(("127.0.0.1", port), _Handler)
    server.smtp = SmtpServer(server.server_address[1], **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.smtp
    finally:
        server.smtp.release.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port nothing listens on (bound, then let go)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
