"""Writes the mail fixtures with Python's own email and mailbox packages (so the MIME structure,
encoded words, quoted-printable, base64 and mbox quoting are made by a real, independent tool).
Run from this folder: python3 make_fixtures.py (Python 3.11; output is deterministic)."""
import mailbox
import time
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.text import MIMEText

PLAIN_FR = (
    "Bonjour à tous,\n\n"
    "La réunion du comité aura lieu jeudi à 14 h dans la salle Jean-Jaurès. Nous ferons le point sur "
    "le budget de l'année, la préparation du séminaire d'été et les candidatures reçues pour le poste "
    "de coordinatrice.\n\n"
    "> Pouvez-vous confirmer votre présence ?\n"
    "> Merci d'avance.\n\n"
    "Bien cordialement,\nZoë\n"
)
HTML_FR = (
    "<html><head><title>Ordre du jour</title></head><body>"
    "<h1>Réunion du comité</h1><p>La réunion du comité aura lieu <b>jeudi à 14 h</b>.</p>"
    "<ul><li>Budget de l'année</li><li>Séminaire d'été</li></ul></body></html>\n"
)


def alternative_message():
    # CRLF line ends (the SMTP policy), a quoted-printable text/plain and a base64 text/html.
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = "Réunion du comité : ordre du jour"
    msg["From"] = Address("Zoë Martin", "zoe.martin", "example.org")
    msg["To"] = "equipe@example.org"
    msg["Date"] = "Tue, 14 Jan 2025 09:30:00 +0100"
    msg["Message-ID"] = "<20250114093000.4711@example.org>"
    msg.set_content(PLAIN_FR, cte="quoted-printable")
    msg.add_alternative(HTML_FR, subtype="html", cte="base64")
    return msg


def gbk_message():
    # The legacy API, so that the headers and body stay in GBK (EmailMessage would re-encode to UTF-8).
    text = open("../encodings/zh-cat.utf8.txt", encoding="utf-8").read()
    body = "张伟：\n\n下面是 cat 命令手册页的开头，请查收。\n\n" + text
    msg = MIMEText(body, "plain", "gbk")  # base64 body
    msg["Subject"] = Header("关于 cat 命令的说明", "gbk")
    msg["From"] = Header("李娜", "gbk").encode() + " <li.na@example.cn>"
    msg["To"] = Header("张伟", "gbk").encode() + " <zhang.wei@example.cn>"
    msg["Date"] = "Wed, 15 Jan 2025 10:00:00 +0800"
    msg["Message-ID"] = "<gbk-0001@example.cn>"
    return msg


def html_with_attachments_message():
    # No text/plain at all: an ISO-8859-1 HTML body, then two attachments (one with an RFC 2231 name).
    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = "Rapport trimestriel"
    msg["From"] = "Comptabilité <compta@example.org>"
    msg["To"] = "direction@example.org"
    msg["Date"] = "Fri, 31 Jan 2025 17:05:00 +0100"
    msg["Message-ID"] = "<rapport-t4@example.org>"
    html = ("<html><body><h2>Résultats du quatrième trimestre</h2>"
            "<p>Le chiffre d'affaires progresse de 4 % ; les dépenses restent stables.</p>"
            "<p>Le détail figure dans le fichier joint.</p></body></html>\n")
    msg.set_content(html, subtype="html", charset="iso-8859-1", cte="quoted-printable")
    msg.add_attachment(b"%PDF-1.4\n% placeholder bytes, never read\n", maintype="application",
                       subtype="pdf", filename="rapport-T4.pdf")
    msg.add_attachment("Notes prises pendant l'été.\n", filename="compte-rendu été.txt")
    return msg


def mbox_messages():
    first = EmailMessage(policy=policy.default)
    first["Subject"] = "Sortie du dimanche"
    first["From"] = "alice@example.org"
    first["To"] = "club@example.org"
    first["Date"] = "Sat, 01 Feb 2025 08:00:00 +0000"
    first["Message-ID"] = "<sortie-1@example.org>"
    first.set_content("Rendez-vous à 9 h devant la gare.\n\nFrom the station we walk to the lake.\n")

    japanese = MIMEText("来週の会議は水曜日の午後三時からです。\n資料は前日までに送ります。\n", "plain", "iso-2022-jp")
    japanese["Subject"] = Header("会議の予定", "iso-2022-jp")
    japanese["From"] = "tanaka@example.jp"
    japanese["Date"] = "Mon, 03 Feb 2025 12:00:00 +0900"
    japanese["Message-ID"] = "<kaigi-2@example.jp>"

    inner = EmailMessage(policy=policy.default)
    inner["Subject"] = "Horaires des trains"
    inner["From"] = "sncf@example.fr"
    inner.set_content("Le premier train part à 7 h 12.\n")
    forwarded = EmailMessage(policy=policy.default)  # no Message-ID
    forwarded["Subject"] = "Fwd: Horaires des trains"
    forwarded["From"] = "bob@example.org"
    forwarded["Date"] = "Tue, 04 Feb 2025 18:30:00 +0000"
    forwarded.set_content("Voir le message ci-dessous.\n")
    forwarded.add_attachment(inner, disposition="inline")

    repeat = EmailMessage(policy=policy.default)
    repeat["Subject"] = "Re: Sortie du dimanche"
    repeat["From"] = "carol@example.org"
    repeat["Date"] = "Wed, 05 Feb 2025 07:45:00 +0000"
    repeat["Message-ID"] = "<sortie-1@example.org>"  # repeats the first message's id
    repeat.set_content("Je viendrai avec mon frère.\n")
    return [first, japanese, forwarded, repeat]


def fixed_boundaries(message, depth=0):
    """Deterministic boundaries (Python draws random ones). Each nested boundary starts with its
    parent's (`=_b`, `=_b_x`, `=_b_x_x`), which a parser must not take for the parent's delimiter."""
    if message.get_content_maintype() == "multipart":
        message.set_boundary("=_b" + "_x" * depth)
        for part in message.get_payload():
            fixed_boundaries(part, depth + 1)
    elif message.get_content_type() == "message/rfc822":
        for part in message.get_payload():
            fixed_boundaries(part, depth + 1)
    return message


def nested_message():
    # mixed [ alternative [ text/plain, related [ text/html, image/png ] ], application/zip ]
    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = "Plan d'accès au séminaire"
    msg["From"] = "Organisation <orga@example.org>"
    msg["To"] = "participants@example.org"
    msg["Date"] = "Mon, 10 Feb 2025 11:00:00 +0100"
    msg["Message-ID"] = "<plan-acces@example.org>"
    msg.set_content("Le séminaire se tient au bâtiment B, deuxième étage.\nLe plan est joint.\n")
    msg.add_alternative("<html><body><p>Le séminaire se tient au <b>bâtiment B</b>.</p>"
                        "<img src=\"cid:plan@example.org\"></body></html>\n", subtype="html")
    html_part = msg.get_payload()[1]
    html_part.add_related(b"\x89PNG\r\n\x1a\n placeholder", maintype="image", subtype="png", cid="<plan@example.org>")
    msg.add_attachment(b"PK\x03\x04 placeholder", maintype="application", subtype="zip", filename="plans.zip")
    return msg


with open("alternative-qp-base64.eml", "wb") as out:
    out.write(fixed_boundaries(alternative_message()).as_bytes())
with open("gbk-chinese.eml", "wb") as out:
    out.write(gbk_message().as_bytes())
with open("nested-related.eml", "wb") as out:
    out.write(fixed_boundaries(nested_message()).as_bytes())
with open("html-attachments.eml", "wb") as out:
    out.write(fixed_boundaries(html_with_attachments_message()).as_bytes())

import os
if os.path.exists("club.mbox"):
    os.remove("club.mbox")
box = mailbox.mbox("club.mbox", create=True)
box.lock()
box.clear()
for index, message in enumerate(mbox_messages()):
    entry = mailbox.mboxMessage(fixed_boundaries(message))
    entry.set_from("sender@example.org", time.gmtime(1738368000 + index * 86400))
    box.add(entry)
box.flush()
box.unlock()
box.close()
