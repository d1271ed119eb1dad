"""An aiosmtpd handler for lotse-mail's tests.

Start it with aiosmtpd's own command line, with this folder on PYTHONPATH:

    python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c lotse_test_smtp.RefusingHandler DIR

It refuses recipients the way real servers do:
  unknown@...  550 5.1.1 (permanent: no such user)
  later@...    451 4.3.0 (temporary: try again later)
Every accepted mail is written unchanged to DIR/<n>.eml, with its envelope
recipients in DIR/<n>.rcpt (one per line).
"""

import itertools
import os


class RefusingHandler:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self.counter = itertools.count(1)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("RefusingHandler needs exactly one argument: the folder for mails")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.lower()
        if local.startswith("unknown@"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if local.startswith("later@"):
            return f"451 4.3.0 <{address}>: Temporary local problem, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        base = os.path.join(self.directory, str(n))
        with open(base + ".rcpt.partial", "w", encoding="utf-8") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".eml.partial", "wb") as f:
            f.write(envelope.original_content)
        os.replace(base + ".rcpt.partial", base + ".rcpt")
        os.replace(base + ".eml.partial", base + ".eml")
        return "250 Message accepted for delivery"
