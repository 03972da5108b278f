"""Writes Fixtures/tokenizer_parity.json: varied strings and the ids Hugging Face `tokenizers` gives them with
all-MiniLM-L6-v2's tokenizer.json (truncation at 256 tokens, no padding), for WordPieceTokenizerTests.
Usage: python tokenizer_parity.py MODEL_DIR SCIFACT_DIR OUTPUT_JSON   (venv with `pip install tokenizers`)
"""
import json
import random
import sys

import tokenizers
from tokenizers import Tokenizer

model_dir, scifact_dir, out_path = sys.argv[1:4]
tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
tokenizer.no_padding()
tokenizer.enable_truncation(256)

handwritten = [
    "", " ", "\t\n\r ", "hello", "Hello, World!", "HELLO WORLD", "The quick brown fox jumps over the lazy dog.",
    "What is the capital of France?", "unbelievably unaffordable antidisestablishmentarianism",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a word.", "don't won't can't it's O'Reilly",
    "e-mail re-enter co-operate state-of-the-art", "U.S.A. e.g. i.e. etc. Ph.D.", "...!!!???,,,;;;:::",
    "a--b__c~~d^^e``f||g\\\\h", "(parenthetical) [bracketed] {braced} <angled>", "\"double\" 'single' `back`",
    "#hashtag @mention $dollar %percent &ampersand *star +plus =equals", "1234567890", "3.14159 2.71828 -42 +7 1e-9",
    "1,000,000 and 1.000.000 and 1 000 000", "$19.99 €5,50 £3 ¥1000 ₹250 ₿0.001", "10% of 50°C is 5°C ± 0.1",
    "12:30pm 2024-01-31T12:30:00Z 31/01/2024", "IL-6 TNF-α NF-κB p53 BRCA1/2 CD4+ T-cells",
    "0-dimensional biomaterials lack inductive properties.", "mRNA-1273 SARS-CoV-2 COVID-19 H1N1 HIV-1",
    "https://example.com/path/to/page?query=1&other=two#fragment", "http://www.ruminate.dev/docs/index.html",
    "user.name+tag@example.co.uk", "ftp://files.example.org/pub/README.txt", "C:\\Users\\name\\Documents\\file.txt",
    "/usr/local/bin/swift build -c release", "def f(x):\n    return x ** 2  # square",
    "func embed(_ texts: [String]) -> [[Float]] { texts.map { _ in [] } }", "for (int i = 0; i < n; ++i) { a[i] += b[i]; }",
    "SELECT * FROM passages WHERE id = 42 AND score >= 0.5;", "<div class=\"x\">Hello &amp; welcome</div>",
    '{"key": [1, 2, 3], "nested": {"a": null, "b": true}}', "x = y + z * (w - v) / u % t ^ s",
    "café naïve résumé façade jalapeño crème brûlée", "Ångström Øresund Ærø Straße Œuvre", "ŁÓDŹ Kraków Gdańsk żółć",
    "Dvořák Škoda Čeština", "İstanbul ıi İI", "ǅungla Ǆ ǆ ǈ ǋ", "ﬁnance ﬂow ﬀ ﬃ ﬄ", "ＡＢＣ１２３ｘｙｚ",
    "Ⅻ ⅻ ① ② ⑩ ¹²³ ½ ¼", "x\u0301\u0323 e\u0301 a\u0308 n\u0303", "\u0301\u0302 leading marks",
    "Ελληνικά: Αθήνα, Θεσσαλονίκη", "Русский язык: Москва, Санкт-Петербург", "Українська: Київ, Львів",
    "中文分词测试：我们在Linux上用Swift调用ICU进行中文分词。", "今天天气很好，我们去公园散步吧！", "繁體中文：臺灣、香港、澳門",
    "日本語のテキスト：東京は日本の首都です。", "ひらがな カタカナ 漢字 ｶﾀｶﾅ", "한국어 텍스트: 서울은 한국의 수도입니다.",
    "العربية: القاهرة عاصمة مصر", "עברית: ירושלים", "हिन्दी: नई दिल्ली भारत की राजधानी है।", "ภาษาไทย: กรุงเทพมหานคร",
    "Tiếng Việt: Hà Nội là thủ đô", "ქართული ენა", "Հայերեն", "አማርኛ", "ᠮᠣᠩᠭᠣᠯ", "𠀀𠀁𪜀 rare ideographs 𫝀",
    "emoji 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️ ☺︎", "🥲 🫠 🫨 🪿 new emoji", "♠♣♥♦ ★☆ ✓✗ ☐☑ ⚠", "→ ← ↑ ↓ ⇒ ⇔ ∀x∃y: x≤y ∧ ¬p ∨ q",
    "∑ᵢ xᵢ² ∫₀^∞ e^{-x} dx = 1 √2 ∞ ≈ ≠ ∈ ∉ ⊂ ∪ ∩", "α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ ς τ υ φ χ ψ ω",
    "ΣΙΣΥΦΟΣ ὈΔΥΣΣΕΎΣ", "zero\u200bwidth\u200cjoiner\u200dtest\ufeffbom", "soft\u00adhyphen", "non\u00a0breaking\u2009thin\u3000ideographic",
    "line\u2028separator\u2029paragraph", "tab\tnewline\nreturn\rvertical\u000bformfeed\u000c", "nul\u0000char and \ufffd replacement",
    "bell\u0007 escape\u001b[31m red \u001b[0m", "private \ue000\uf8ff use \U000F0000", "noncharacter \ufdd0 \ufffe \uffff",
    "unassigned \u0378 \U000E0080 \U0010FFFD", "tag chars \U000E0041\U000E0042", "RTL \u202eoverride\u202c and \u200fmark",
    "[CLS] [SEP] [MASK] [PAD] [UNK] literal special tokens", "a[CLS]b[SEP]c", "[cls] [Sep] lowercase specials",
    "[[CLS]] [[MASK]]", "##hash ##tag ## #", "[UNK]", "[", "]", "[CLS", "CLS]",
    "a" * 99, "b" * 100, "c" * 101, "x" * 300, "ab" * 60 + " end", "supercalifragilisticexpialidocious" * 4,
    "word " * 300, "The end. " * 100, "双" * 300, "😀" * 120,
]

# Real sentences and abstracts (SciFact, CC BY 4.0 / ODC-By 1.0), including long ones truncated at 256 tokens.
queries = [json.loads(line)["text"] for line in open(f"{scifact_dir}/queries.jsonl", encoding="utf-8")]
corpus = [json.loads(line) for line in open(f"{scifact_dir}/corpus.jsonl", encoding="utf-8")]
rng = random.Random(20240531)
scientific = rng.sample(queries, 60) + [(d["title"] + " " + d["text"]).strip() for d in rng.sample(corpus, 40)]

# Random strings over many scripts and edge classes, seeded.
pools = [
    (0x20, 0x7E), (0x00, 0x1F), (0x7F, 0x9F), (0xA0, 0xFF), (0x100, 0x24F), (0x250, 0x2AF), (0x300, 0x36F),
    (0x370, 0x3FF), (0x400, 0x4FF), (0x530, 0x58F), (0x590, 0x5FF), (0x600, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F),
    (0x1100, 0x11FF), (0x1E00, 0x1EFF), (0x1F00, 0x1FFF), (0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20CF),
    (0x2100, 0x214F), (0x2190, 0x22FF), (0x2460, 0x24FF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xE000, 0xF8FF), (0xF900, 0xFAFF),
    (0xFB00, 0xFB4F), (0xFE00, 0xFE6F), (0xFF00, 0xFFEF), (0xFFF0, 0xFFFF), (0x10000, 0x1007F), (0x1D400, 0x1D7FF),
    (0x1F300, 0x1FAFF), (0x20000, 0x2A6DF), (0x2F800, 0x2FA1F), (0xE0000, 0xE007F), (0x10FF00, 0x10FFFF),
]
random_strings = []
for _ in range(120):
    length = rng.randint(1, 60)
    chars = []
    for _ in range(length):
        if rng.random() < 0.35:
            chars.append(rng.choice("abcdefghij ABC .,!?-'  \n"))
        else:
            low, high = rng.choice(pools)
            cp = rng.randint(low, high)
            chars.append(chr(cp) if not 0xD800 <= cp <= 0xDFFF else " ")
    random_strings.append("".join(chars))

texts = handwritten + scientific + random_strings
items = [{"text": t, "ids": tokenizer.encode(t).ids} for t in texts]
with open(out_path, "w", encoding="utf-8") as f:
    f.write(f'{{"tokenizers": "{tokenizers.__version__}", "truncation": 256, "items": [\n')
    f.write(",\n".join(json.dumps(item, ensure_ascii=True, separators=(",", ":")) for item in items))
    f.write("\n]}\n")
print(len(items), sum(len(i["ids"]) for i in items))
