"""Writes Fixtures/tiny-bert/: a randomly initialised BERT of unusual shape (hidden 48, 2 heads of 24, 3 layers,
intermediate 40, 118-token vocabulary, weights named with the "bert." prefix of BertForMaskedLM checkpoints)
in the sentence-transformers folder layout, plus reference.json with texts and their embeddings from
transformers' BertModel (mean pooling over the attention mask, L2 normalisation: what sentence-transformers
computes). It checks that nothing in the Swift encoder assumes MiniLM's sizes.
Usage: python tiny_bert.py OUTPUT_DIR   (venv with `pip install torch transformers safetensors tokenizers`)
"""
import json
import os
import sys

import torch
import transformers
from safetensors.torch import save_file
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
from transformers import BertConfig, BertModel

out = sys.argv[1]
os.makedirs(f"{out}/1_Pooling", exist_ok=True)
torch.manual_seed(1234)

words = ("the a of to and in is was for on with as by at from cell cells protein gene genes cancer risk "
         "patients study increased reduced expression human mouse blood brain level levels effect").split()
pieces = ["##s", "##ed", "##ing", "##ly", "##er", "##ion", "##al"]
letters = list("abcdefghijklmnopqrstuvwxyz0123456789")
punctuation = list(".,;:!?()-'\"%")
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words + pieces + letters + ["##" + c for c in letters[:26]] + punctuation
vocab = list(dict.fromkeys(vocab))
with open(f"{out}/vocab.txt", "w") as f:
    f.write("\n".join(vocab) + "\n")

config = BertConfig(vocab_size=len(vocab), hidden_size=48, num_hidden_layers=3, num_attention_heads=2,
                    intermediate_size=40, max_position_embeddings=64, type_vocab_size=2, hidden_act="gelu",
                    layer_norm_eps=1e-12)
model = BertModel(config, add_pooling_layer=False).eval()
with torch.no_grad():  # larger-than-default weights so that every layer matters
    for name, p in model.named_parameters():
        if "LayerNorm" not in name:
            p.normal_(0, 0.3)
config_json = config.to_dict()
config_json = {k: v for k, v in config_json.items() if not k.startswith("_") and k != "transformers_version"}
json.dump(config_json, open(f"{out}/config.json", "w"), indent=1)
json.dump({"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None},
          open(f"{out}/tokenizer_config.json", "w"))
json.dump({"max_seq_length": 32, "do_lower_case": False}, open(f"{out}/sentence_bert_config.json", "w"))
json.dump({"word_embedding_dimension": 48, "pooling_mode_mean_tokens": True}, open(f"{out}/1_Pooling/config.json", "w"))
save_file({"bert." + k: v.contiguous() for k, v in model.state_dict().items() if "position_ids" not in k},
          f"{out}/model.safetensors", metadata={"format": "pt"})

tokenizer = Tokenizer(models.WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]"))
tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
tokenizer.enable_truncation(32)

texts = ["", "the cell", "Increased expression of the gene in human cells.", "Mouse brain levels (reduced) by 35%!",
         "protein genes cancer risk patients " * 6, "xyz qq zebra", "The Effect of BLOOD level on risk; study."]
items = []
for text in texts:
    ids = tokenizer.encode(text).ids
    with torch.no_grad():
        hidden = model(input_ids=torch.tensor([ids])).last_hidden_state[0]
    pooled = hidden.mean(dim=0)
    pooled = pooled / pooled.norm().clamp(min=1e-12)
    items.append({"text": text, "input_ids": ids, "embedding": [round(float(x), 6) for x in pooled]})
with open(f"{out}/reference.json", "w") as f:
    f.write(json.dumps({"transformers": transformers.__version__, "torch": torch.__version__})[:-1] + ', "items": [\n')
    f.write(",\n".join(json.dumps(i, separators=(",", ":")) for i in items))
    f.write("\n]}\n")
print(len(vocab), [len(i["input_ids"]) for i in items])
