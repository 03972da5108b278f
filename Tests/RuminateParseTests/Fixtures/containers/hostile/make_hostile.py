#!/usr/bin/env python3
"""Builds the hostile zip containers next to this script (run: python3 make_hostile.py).

Only the standard library's zipfile and zlib are used; the output is deterministic (fixed timestamps),
so running the script again reproduces the committed files byte for byte.
"""
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 1, 0, 0, 0)
BOMB_BYTES = 32 << 20  # 32 MiB of zeros deflate to ~32 KB


def entry(name, method=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = method
    info.external_attr = 0o644 << 16
    return info


def build(members):
    """members: (name, bytes, method) triples, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in members:
            archive.writestr(entry(name, method), data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()


def save(name, data):
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(data)
    print(f"{name}: {len(data)} bytes")


DOCX_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_document(text):
    return b"<w:document " + W + b"><w:body><w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p></w:body></w:document>"


def docx(members):
    return build([("[Content_Types].xml", DOCX_TYPES, zipfile.ZIP_DEFLATED)] + members)


def set_uncompressed_size(data, name, size):
    """Rewrites the uncompressed size an entry declares, in its local header and its central record."""
    data = bytearray(data)
    encoded = name.encode()
    # (signature, offset of the name length, offset of the name, offset of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        start = data.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if data[start + name_at:start + name_at + length] == encoded:
                struct.pack_into("<I", data, start + size_at, size)
            start = data.find(signature, start + 4)
    return bytes(data)


def main():
    zeros = b"\0" * BOMB_BYTES
    # 1. A zip bomb: word/document.xml honestly declares 32 MiB (tests run with a 1 MiB limit).
    save("bomb.docx", docx([("word/document.xml", zeros, zipfile.ZIP_DEFLATED)]))

    # 2. The same bomb with a lying header: both headers declare 1,000 bytes.
    lying = docx([("word/document.xml", zeros, zipfile.ZIP_DEFLATED)])
    save("bomb-lying-size.docx", set_uncompressed_size(lying, "word/document.xml", 1000))

    # 3. Zip slip: entries named ../ and / and an OPF whose items point outside the archive.
    opf = b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Slip</dc:title></metadata>
  <manifest>
    <item id="good" href="chapter.xhtml" media-type="application/xhtml+xml"/>
    <item id="passwd" href="../../etc/passwd" media-type="application/xhtml+xml"/>
    <item id="absolute" href="/etc/passwd" media-type="application/xhtml+xml"/>
    <item id="scheme" href="file:///etc/passwd" media-type="application/xhtml+xml"/>
    <item id="escaped" href="../escaped.xhtml" media-type="application/xhtml+xml"/>
    <item id="encoded" href="..%2F..%2Fetc%2Fpasswd" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="passwd"/><itemref idref="absolute"/><itemref idref="scheme"/>
    <itemref idref="escaped"/><itemref idref="encoded"/><itemref idref="good"/></spine>
</package>"""
    container = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
    page = lambda text: b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>" + text + b"</p></body></html>"
    save("zip-slip.epub", build([
        ("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
        ("META-INF/container.xml", container, zipfile.ZIP_DEFLATED),
        ("content.opf", opf, zipfile.ZIP_DEFLATED),
        ("chapter.xhtml", page(b"The only chapter inside the archive."), zipfile.ZIP_DEFLATED),
        ("../escaped.xhtml", page(b"ESCAPED-ENTRY-TEXT"), zipfile.ZIP_DEFLATED),
        ("/etc/passwd", page(b"ABSOLUTE-ENTRY-TEXT"), zipfile.ZIP_DEFLATED),
        ("OEBPS/../../climb.xhtml", page(b"CLIMBING-ENTRY-TEXT"), zipfile.ZIP_DEFLATED),
    ]))

    # 4. Nested archives: an EPUB whose spine holds a zip (twice: as XHTML and as an EPUB item), and a
    #    DOCX that embeds another DOCX. Their text must never be read.
    inner_epub = build([
        ("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
        ("META-INF/container.xml", container, zipfile.ZIP_DEFLATED),
        ("content.opf", opf.replace(b"Slip", b"Inner"), zipfile.ZIP_DEFLATED),
        ("chapter.xhtml", page(b"NESTED-SECRET-TEXT"), zipfile.ZIP_DEFLATED),
    ])
    nested_opf = b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Nested</dc:title></metadata>
  <manifest>
    <item id="outer" href="outer.xhtml" media-type="application/xhtml+xml"/>
    <item id="disguised" href="disguised.xhtml" media-type="application/xhtml+xml"/>
    <item id="inner" href="inner.epub" media-type="application/epub+zip"/>
  </manifest>
  <spine><itemref idref="outer"/><itemref idref="disguised"/><itemref idref="inner"/></spine>
</package>"""
    save("nested.epub", build([
        ("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
        ("META-INF/container.xml", container, zipfile.ZIP_DEFLATED),
        ("content.opf", nested_opf, zipfile.ZIP_DEFLATED),
        ("outer.xhtml", page(b"The outer book's own chapter."), zipfile.ZIP_DEFLATED),
        ("disguised.xhtml", inner_epub, zipfile.ZIP_STORED),
        ("inner.epub", inner_epub, zipfile.ZIP_STORED),
    ]))
    inner_docx = docx([("word/document.xml", docx_document(b"NESTED-SECRET-TEXT"), zipfile.ZIP_DEFLATED)])
    save("nested.docx", docx([
        ("word/document.xml", docx_document(b"The outer document's own text."), zipfile.ZIP_DEFLATED),
        ("word/embeddings/inner.docx", inner_docx, zipfile.ZIP_STORED),
    ]))


if __name__ == "__main__":
    main()
