"""Reads the maildir that aiosmtpd's Mailbox handler writes and prints the messages as JSON:
recipients, subject and the links in the plain-text part (MIME and quoted-printable decoded
by Python's email package). Used by e2e/journey.mjs.

    python3 e2e/read_mail.py DIR
"""

import json
import os
import re
import sys
from email import policy
from email.parser import BytesParser

LINK = re.compile(r"https?://[^\s<>\"]+")


def text_of(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def main(path):
    out = []
    files = []
    for sub in ("new", "cur"):
        folder = os.path.join(path, sub)
        if os.path.isdir(folder):
            files += [(name, os.path.join(folder, name)) for name in os.listdir(folder)]
    for key, file in files:
        with open(file, "rb") as f:
            msg = BytesParser(policy=policy.default).parse(f)
        text = text_of(msg)
        out.append(
            {
                "key": key,
                "to": [a.addr_spec.lower() for a in msg["To"].addresses] if msg["To"] else [],
                "rcpt": (msg.get("X-RcptTo") or "").lower(),
                "subject": str(msg["Subject"] or ""),
                "links": LINK.findall(text),
                "text": text,
            }
        )
    out.sort(key=lambda m: m["key"])
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
