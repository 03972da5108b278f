"""Writes Fixtures/bert_normalization.txt: what the reference BertNormalizer (all-MiniLM-L6-v2's
tokenizer.json) makes of every Unicode scalar on its own, for an exhaustive Swift test.
Usage: python normalization_table.py MODEL_DIR OUTPUT_TXT   (venv with `pip install tokenizers`)
Line kinds (hex scalars): `R a b` removed; `S a b` becomes " "; `C a b` becomes " x " (CJK spacing);
`H a b` Hangul syllables decomposed algorithmically; `D a b d` becomes the single scalar x+d;
`M x y...` becomes the scalars y...; scalars not listed stay themselves.
"""
import sys
import tokenizers
from tokenizers import Tokenizer

model_dir, out_path = sys.argv[1], sys.argv[2]
norm = Tokenizer.from_file(f"{model_dir}/tokenizer.json").normalizer


def hangul(cp):
    s = cp - 0xAC00
    out = [0x1100 + s // 588, 0x1161 + (s % 588) // 28]
    if s % 28:
        out.append(0x11A7 + s % 28)
    return out


rows = []  # (kind, start, end, payload)
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    c = chr(cp)
    out = [ord(x) for x in norm.normalize_str(c)]
    if out == [cp]:
        continue
    if out == []:
        key = ("R", None)
    elif out == [0x20]:
        key = ("S", None)
    elif out == [0x20, cp, 0x20]:
        key = ("C", None)
    elif 0xAC00 <= cp <= 0xD7A3 and out == hangul(cp):
        key = ("H", None)
    elif len(out) == 1:
        key = ("D", out[0] - cp)
    else:
        rows.append(("M", cp, cp, out))
        continue
    last = rows[-1] if rows else None
    if last and (last[0], last[3]) == key and last[2] == cp - 1:
        rows[-1] = (last[0], last[1], cp, last[3])
    else:
        rows.append((key[0], cp, cp, key[1]))

with open(out_path, "w") as f:
    f.write(f"# BertNormalizer of tokenizers {tokenizers.__version__} applied to each scalar alone; see normalization_table.py\n")
    for kind, a, b, payload in rows:
        if kind == "M":
            f.write(f"M {a:X} " + " ".join(f"{y:X}" for y in payload) + "\n")
        elif kind == "D":
            f.write(f"D {a:X} {b:X} {payload}\n")
        else:
            f.write(f"{kind} {a:X} {b:X}\n")
print(len(rows))
