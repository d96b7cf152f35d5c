#!/usr/bin/env python3
"""What Python's Hugging Face transformers does with a saved model folder, re-implemented with NumPy.

    AutoModelForSequenceClassification.from_pretrained(folder[, trust_remote_code=True])   # or an explicit class
    pipeline("text-classification", model=..., top_k=None)(texts)

transformers and PyTorch are not installed where the tests run, so this file stands in for them: it resolves the
class the way the auto classes do, loads model.safetensors with from_pretrained's key rules, refuses what
transformers raises on or would silently initialise at random, and runs the forward pass in float64.

    python3 hf_folder.py FOLDER --ids IDS.json [--trust-remote-code] [--model-class auto|BertForSequenceClassification|
                                                                     DistilBertForSequenceClassification]

IDS.json is {"input_ids": [[101, ..., 102], ...]} (unpadded). Exit 0: one JSON object on stdout with model_class,
labels, function, probabilities and warnings. Exit 3: transformers would refuse the folder or load it with newly
initialised weights (the reason on stderr). Exit 2: anything else (malformed files, what this reader lacks).
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

FLOAT32_MIN = float(np.finfo(np.float32).min)  # transformers masks attention with the dtype's lowest value
WARNINGS = []  # what transformers would log as warnings and still load


class Refusal(Exception):
    """transformers raises, or loads weights newly initialised (wrong answers): exit 3."""


class Failure(Exception):
    """A malformed file, or something this reader does not implement: exit 2."""


def read_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Failure(f"{what}: {e}")


# ---------------------------------------------------------------- configuration (BertConfig, DistilBertConfig)

# Constructor defaults of BertConfig (bert-base-uncased) and DistilBertConfig (distilbert-base-uncased).
DEFAULTS = {
    "bert": dict(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                 intermediate_size=3072, hidden_act="gelu", max_position_embeddings=512, type_vocab_size=2,
                 layer_norm_eps=1e-12, pad_token_id=0, position_embedding_type="absolute", is_decoder=False),
    "distilbert": dict(vocab_size=30522, max_position_embeddings=512, n_layers=6, n_heads=12, dim=768,
                       hidden_dim=3072, activation="gelu", pad_token_id=0),
}
# DistilBertConfig.attribute_map: PretrainedConfig.__init__ sets the leftover kwargs after the class has set its own
# arguments, through __setattr__, which follows the map; so "hidden_size" in config.json overrides "dim".
ATTRIBUTE_MAP = {"bert": {}, "distilbert": {"hidden_size": "dim", "num_attention_heads": "n_heads",
                                            "num_hidden_layers": "n_layers"}}
KNOWN_TYPES = {"bert", "distilbert"}
# Other CONFIG_MAPPING types often met: transformers has local code for them, this reader has no forward pass.
OTHER_STOCK_TYPES = {"albert", "roberta", "xlm-roberta", "camembert", "electra", "deberta", "deberta-v2", "mpnet",
                     "modernbert", "mobilebert", "xlnet", "longformer", "funnel", "gpt2", "t5", "bart"}
PROBLEM_TYPES = ("regression", "single_label_classification", "multi_label_classification")


def read_labels(raw):
    """PretrainedConfig.__init__: id2label (JSON string keys made int) decides num_labels; else num_labels, else 2."""
    id2label = raw.get("id2label")
    if id2label is None:
        return [f"LABEL_{i}" for i in range(int(raw.get("num_labels", 2)))]
    if not isinstance(id2label, dict):
        raise Refusal("Argument id2label should be a dictionary")
    try:
        by_index = {int(k): str(v) for k, v in id2label.items()}
    except ValueError as e:
        raise Failure(f"config.json id2label: {e}")
    if "num_labels" in raw and raw["num_labels"] != len(by_index):
        WARNINGS.append(f"num_labels={raw['num_labels']} disagrees with id2label; {len(by_index)} labels used")
    if sorted(by_index) != list(range(len(by_index))):
        # The pipeline looks up id2label[i] for every logit i.
        raise Refusal(f"id2label keys {sorted(by_index)} are not 0..{len(by_index) - 1}")
    return [by_index[i] for i in range(len(by_index))]


def build_config(kind, raw):
    """BertConfig(**raw) / DistilBertConfig(**raw): the class's defaults, then every key of the dict."""
    cfg = dict(DEFAULTS[kind])
    aliases = ATTRIBUTE_MAP[kind]
    cfg.update({k: v for k, v in raw.items() if k not in aliases})
    cfg.update({aliases[k]: v for k, v in raw.items() if k in aliases})
    cfg["kind"] = kind
    return cfg


def read_head_config(raw):
    """The keys the pipeline reads from the model's config: labels and problem_type (checked by PretrainedConfig)."""
    problem_type = raw.get("problem_type")
    if problem_type is not None and problem_type not in PROBLEM_TYPES:
        raise Refusal(f"problem_type {problem_type!r} is not one of {', '.join(PROBLEM_TYPES)}")
    return read_labels(raw), problem_type


# ---------------------------------------------------------------- which class (auto classes, trust_remote_code)

def resolve_trust(trust, has_local, has_remote):
    """dynamic_module_utils.resolve_trust_remote_code: unset trust means False when local code exists; remote code
    alone with trust unset or False raises (a non-interactive process cannot answer the prompt)."""
    if has_remote and not has_local and not trust:
        raise Refusal("custom code: loading needs trust_remote_code=True")
    return bool(trust) and has_remote


def custom_module(folder, class_ref):
    """get_class_from_dynamic_module: "module.Class" is module.py in the folder; "repo--module.Class" another repo."""
    if "--" in class_ref:
        raise Refusal(f"custom code {class_ref!r} lives in another repository; this reader has no network")
    parts = class_ref.split(".")
    if len(parts) != 2:
        raise Refusal(f"auto_map entry {class_ref!r} is not module.ClassName")
    if not os.path.isfile(os.path.join(folder, parts[0] + ".py")):
        raise Refusal(f"custom code: {parts[0]}.py is not in the folder (auto_map names {class_ref})")
    return parts[1]


def choose_auto(folder, raw, trust):
    """AutoConfig.from_pretrained, then _BaseAutoModelClass.from_pretrained: (class name, config) where config is
    a stock config dict, or the raw dict for a custom class."""
    auto_map = raw.get("auto_map") or {}
    model_type = raw.get("model_type")
    stock = model_type in KNOWN_TYPES or model_type in OTHER_STOCK_TYPES
    # AutoConfig: the module's config class when auto_map names one and the code is trusted, else CONFIG_MAPPING.
    custom_config = "AutoConfig" in auto_map and resolve_trust(trust, stock, True)
    if custom_config:
        custom_module(folder, auto_map["AutoConfig"])
    elif model_type is None:
        raise Refusal("Unrecognized model: config.json has no model_type (transformers would guess from the "
                      "folder's name)")
    elif not stock:
        raise Refusal(f"Unrecognized model: model type {model_type!r} is not a transformers architecture and "
                      "config.json's auto_map names no AutoConfig")
    # AutoModelForSequenceClassification: remote code when auto_map names it and it is trusted; else the mapping
    # from the config's type (model_type decides; "architectures" is never read).
    has_remote = "AutoModelForSequenceClassification" in auto_map
    if resolve_trust(trust, not custom_config, has_remote):
        return custom_module(folder, auto_map["AutoModelForSequenceClassification"]), raw
    if custom_config:
        raise Refusal(f"Unrecognized configuration class for AutoModelForSequenceClassification: auto_map of "
                      f"model type {model_type!r} names no AutoModelForSequenceClassification")
    if model_type not in KNOWN_TYPES:
        raise Failure(f"model type {model_type!r} is not supported by this reader (bert and distilbert only)")
    if "AutoConfig" in auto_map or has_remote:
        WARNINGS.append(f"auto_map ignored: model type {model_type!r} is built into transformers and "
                        "trust_remote_code is not set")
    name = {"bert": "BertForSequenceClassification", "distilbert": "DistilBertForSequenceClassification"}
    return name[model_type], build_config(model_type, raw)


def choose_explicit(class_name, raw):
    """XForSequenceClassification.from_pretrained: XConfig.from_pretrained reads config.json whatever its type."""
    kind = "bert" if class_name == "BertForSequenceClassification" else "distilbert"
    if raw.get("model_type", kind) != kind:
        WARNINGS.append(f"You are using a model of type {raw['model_type']} to instantiate a model of type {kind}. "
                        "This is not supported for all configurations of models and can yield errors.")
    return class_name, build_config(kind, raw)


# ---------------------------------------------------------------- the model: expected tensors and forward pass

def add_linear(shapes, name, n_in, n_out):
    shapes[name + ".weight"], shapes[name + ".bias"] = (n_out, n_in), (n_out,)


def add_norm(shapes, name, n):
    shapes[name + ".weight"], shapes[name + ".bias"] = (n,), (n,)


def encoder_shapes(cfg, p):
    """state_dict() of BertModel (with its pooler) or DistilBertModel, under prefix p; buffers are not in it."""
    s = {}
    if cfg["kind"] == "bert":
        h, inner = cfg["hidden_size"], cfg["intermediate_size"]
        s[p + "embeddings.word_embeddings.weight"] = (cfg["vocab_size"], h)
        s[p + "embeddings.position_embeddings.weight"] = (cfg["max_position_embeddings"], h)
        s[p + "embeddings.token_type_embeddings.weight"] = (cfg["type_vocab_size"], h)
        add_norm(s, p + "embeddings.LayerNorm", h)
        for i in range(cfg["num_hidden_layers"]):
            layer = f"{p}encoder.layer.{i}."
            for name in ("attention.self.query", "attention.self.key", "attention.self.value",
                         "attention.output.dense"):
                add_linear(s, layer + name, h, h)
            add_norm(s, layer + "attention.output.LayerNorm", h)
            add_linear(s, layer + "intermediate.dense", h, inner)
            add_linear(s, layer + "output.dense", inner, h)
            add_norm(s, layer + "output.LayerNorm", h)
        add_linear(s, p + "pooler.dense", h, h)
    else:
        d, inner = cfg["dim"], cfg["hidden_dim"]
        s[p + "embeddings.word_embeddings.weight"] = (cfg["vocab_size"], d)
        s[p + "embeddings.position_embeddings.weight"] = (cfg["max_position_embeddings"], d)
        add_norm(s, p + "embeddings.LayerNorm", d)
        for i in range(cfg["n_layers"]):
            layer = f"{p}transformer.layer.{i}."
            for name in ("q_lin", "k_lin", "v_lin", "out_lin"):
                add_linear(s, layer + "attention." + name, d, d)
            add_norm(s, layer + "sa_layer_norm", d)
            add_linear(s, layer + "ffn.lin1", d, inner)
            add_linear(s, layer + "ffn.lin2", inner, d)
            add_norm(s, layer + "output_layer_norm", d)
    return s


def check_encoder(cfg):
    """What the modules' constructors check or what this reader lacks."""
    width, heads = (cfg["hidden_size"], cfg["num_attention_heads"]) if cfg["kind"] == "bert" else (cfg["dim"],
                                                                                                    cfg["n_heads"])
    if width % heads != 0:
        raise Refusal(f"The hidden size ({width}) is not a multiple of the number of attention heads ({heads})")
    if cfg["kind"] == "bert" and cfg.get("position_embedding_type", "absolute") != "absolute":
        raise Failure(f"position_embedding_type {cfg['position_embedding_type']!r} is not supported by this reader")
    if cfg["kind"] == "bert" and cfg.get("is_decoder"):
        raise Failure("is_decoder (causal attention) is not supported by this reader")
    activation(cfg["hidden_act"] if cfg["kind"] == "bert" else cfg["activation"])  # fails early if unknown


_erf = np.frompyfunc(math.erf, 1, 1)


def _tanh_gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# activations.ACT2FN: "gelu" is the exact erf form (nn.functional.gelu); the tanh forms are approximations.
ACTIVATIONS = {
    "gelu": lambda x: 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64)),
    "gelu_new": _tanh_gelu, "gelu_pytorch_tanh": _tanh_gelu, "gelu_fast": _tanh_gelu,
    "quick_gelu": lambda x: x * _sigmoid(1.702 * x),
    "relu": lambda x: np.maximum(x, 0.0), "silu": lambda x: x * _sigmoid(x), "swish": lambda x: x * _sigmoid(x),
    "tanh": np.tanh, "sigmoid": _sigmoid, "linear": lambda x: x,
}
ACTIVATIONS["gelu_python"] = ACTIVATIONS["gelu"]


def activation(name):
    if name not in ACTIVATIONS:
        raise Failure(f"activation {name!r} is not supported by this reader")
    return ACTIVATIONS[name]


def linear(w, name, x):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def layer_norm(w, name, x, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)  # biased variance, as nn.LayerNorm
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def attention(q, k, v, heads, scores_fn):
    """Split (batch, seq, width) into heads, attend, merge back."""
    b, t, width = q.shape
    split = lambda x: x.reshape(b, t, heads, width // heads).transpose(0, 2, 1, 3)
    probs = softmax(scores_fn(split(q), split(k)))
    return (probs @ split(v)).transpose(0, 2, 1, 3).reshape(b, t, width)


def bert_encoder(w, cfg, p, ids, mask):
    """BertModel in eval mode: (last hidden state, pooler output)."""
    eps, heads = cfg["layer_norm_eps"], cfg["num_attention_heads"]
    act = activation(cfg["hidden_act"])
    t = ids.shape[1]
    x = (w[p + "embeddings.word_embeddings.weight"][ids] + w[p + "embeddings.position_embeddings.weight"][:t]
         + w[p + "embeddings.token_type_embeddings.weight"][0])  # token_type_ids are zeros for single sentences
    x = layer_norm(w, p + "embeddings.LayerNorm", x, eps)
    # get_extended_attention_mask: (1 - mask) * finfo(dtype).min, added to every head's scores.
    extended = ((1.0 - mask) * FLOAT32_MIN)[:, None, None, :]
    scale = math.sqrt(cfg["hidden_size"] // heads)
    for i in range(cfg["num_hidden_layers"]):
        n = f"{p}encoder.layer.{i}."
        ctx = attention(linear(w, n + "attention.self.query", x), linear(w, n + "attention.self.key", x),
                        linear(w, n + "attention.self.value", x), heads,
                        lambda q, k: q @ k.transpose(0, 1, 3, 2) / scale + extended)
        x = layer_norm(w, n + "attention.output.LayerNorm", linear(w, n + "attention.output.dense", ctx) + x, eps)
        inner = act(linear(w, n + "intermediate.dense", x))
        x = layer_norm(w, n + "output.LayerNorm", linear(w, n + "output.dense", inner) + x, eps)
    return x, np.tanh(linear(w, p + "pooler.dense", x[:, 0]))


def distilbert_encoder(w, cfg, p, ids, mask):
    """DistilBertModel in eval mode: (last hidden state, None). Its LayerNorms use eps=1e-12 whatever the config."""
    heads, act = cfg["n_heads"], activation(cfg["activation"])
    t = ids.shape[1]
    x = w[p + "embeddings.word_embeddings.weight"][ids] + w[p + "embeddings.position_embeddings.weight"][:t]
    x = layer_norm(w, p + "embeddings.LayerNorm", x, 1e-12)
    scale = math.sqrt(cfg["dim"] // heads)
    masked = (mask == 0)[:, None, None, :]

    def scores(q, k):  # q / sqrt(dim_per_head), then masked_fill(mask == 0, finfo.min)
        return np.where(masked, FLOAT32_MIN, (q / scale) @ k.transpose(0, 1, 3, 2))

    for i in range(cfg["n_layers"]):
        n = f"{p}transformer.layer.{i}."
        ctx = attention(linear(w, n + "attention.q_lin", x), linear(w, n + "attention.k_lin", x),
                        linear(w, n + "attention.v_lin", x), heads, scores)
        x = layer_norm(w, n + "sa_layer_norm", linear(w, n + "attention.out_lin", ctx) + x, 1e-12)
        ffn = linear(w, n + "ffn.lin2", act(linear(w, n + "ffn.lin1", x)))
        x = layer_norm(w, n + "output_layer_norm", ffn + x, 1e-12)
    return x, None


STOCK_CLASSES = ("BertForSequenceClassification", "DistilBertForSequenceClassification")
CUSTOM_CLASSES = ("MeanPooledClassifier", "ToxicCommentClassifier")


def add_head_shapes(class_name, shapes, width, n_labels):
    """The head's tensors: the stock heads' names, and the project's two custom heads' names."""
    if class_name == "BertForSequenceClassification":
        add_linear(shapes, "classifier", width, n_labels)
    elif class_name == "DistilBertForSequenceClassification":
        add_linear(shapes, "pre_classifier", width, width)
        add_linear(shapes, "classifier", width, n_labels)
    elif class_name == "MeanPooledClassifier":
        add_linear(shapes, "pooled_classifier", width, n_labels)
    else:  # ToxicCommentClassifier, the tutorial's dense head
        add_linear(shapes, "dense_1", width, 100)
        add_linear(shapes, "dense_2", 100, 50)
        add_linear(shapes, "classifier", 50, n_labels)


def head_logits(class_name, w, hidden, pooled, mask):
    """The head in eval mode (every dropout is the identity)."""
    relu = ACTIVATIONS["relu"]
    if class_name == "BertForSequenceClassification":  # classifier(dropout(pooler output))
        return linear(w, "classifier", pooled)
    if class_name == "DistilBertForSequenceClassification":  # first token -> pre_classifier -> ReLU -> classifier
        return linear(w, "classifier", relu(linear(w, "pre_classifier", hidden[:, 0])))
    if class_name == "MeanPooledClassifier":  # mean over real tokens: sum / clamp(count, min=1e-9)
        mean = (hidden * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return linear(w, "pooled_classifier", mean)
    x = relu(linear(w, "dense_1", hidden[:, 0]))  # ToxicCommentClassifier: first token's hidden state
    return linear(w, "classifier", relu(linear(w, "dense_2", x)))


def build_model(class_name, config, raw):
    """(encoder config, base-model prefix for the key fix-up, expected tensor shapes, labels, problem_type)."""
    if class_name not in STOCK_CLASSES + CUSTOM_CLASSES:
        raise Failure(f"custom class {class_name!r} is not one this reader implements")
    if class_name in STOCK_CLASSES:
        enc, base = config, config["kind"]
    else:  # the project's custom classes: AutoModel.from_config(AutoConfig.for_model(**config["encoder"]))
        encoder = raw.get("encoder")
        if not isinstance(encoder, dict) or encoder.get("model_type") not in KNOWN_TYPES:
            raise Failure(f"{class_name} needs config.json 'encoder' with model_type bert or distilbert")
        enc = build_config(encoder["model_type"], {k: v for k, v in encoder.items() if k != "model_type"})
        base = ""  # the encoder is an attribute named after its type, not the class's base_model_prefix
    check_encoder(enc)
    labels, problem_type = read_head_config(raw)
    shapes = encoder_shapes(enc, enc["kind"] + ".")
    add_head_shapes(class_name, shapes, enc["hidden_size"] if enc["kind"] == "bert" else enc["dim"], len(labels))
    return enc, base, shapes, labels, problem_type


# ---------------------------------------------------------------- safetensors and from_pretrained's key rules

ITEM_SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
              "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def read_safetensors(path):
    """(metadata, {name: (dtype, shape, bytes)}), checked as the safetensors library checks a file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise Failure(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise Failure(f"{path}: header length {n} is invalid")
    try:
        header = json.loads(data[8:8 + n].decode("utf-8"))
    except ValueError as e:
        raise Failure(f"{path}: header is not JSON: {e}")
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not (isinstance(metadata, dict) and all(isinstance(v, str) for v in
                                                                         metadata.values())):
        raise Failure(f"{path}: __metadata__ must map strings to strings")
    body, end, tensors = memoryview(data)[8 + n:], 0, {}
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1].get("data_offsets", (0, 0)))):
        dtype, shape, (start, stop) = info["dtype"], tuple(info["shape"]), info["data_offsets"]
        if dtype not in ITEM_SIZES:
            raise Failure(f"{path}: {name} has unsupported dtype {dtype}")
        if start != end or stop > len(body) or stop - start != int(np.prod(shape, dtype=np.int64)) * ITEM_SIZES[dtype]:
            raise Failure(f"{path}: {name} has invalid data_offsets {[start, stop]}")
        tensors[name], end = (dtype, shape, body[start:stop]), stop
    if end != len(body):
        raise Failure(f"{path}: {len(body) - end} bytes after the last tensor (incomplete metadata)")
    return metadata, tensors


def decode(name, entry):
    """A float tensor as float64 (F16/BF16/F32 widen exactly)."""
    dtype, shape, raw = entry
    if dtype == "BF16":
        array = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
    elif dtype in ("F16", "F32", "F64"):
        array = np.frombuffer(raw, {"F16": "<f2", "F32": "<f4", "F64": "<f8"}[dtype])
    else:
        raise Failure(f"{name}: dtype {dtype} is not supported by this reader")
    return array.astype(np.float64).reshape(shape)


def read_checkpoint(folder):
    """from_pretrained's file choice for a local folder: model.safetensors, then its sharded index."""
    single = os.path.join(folder, "model.safetensors")
    index = single + ".index.json"
    if os.path.isfile(single):
        metadata, tensors = read_safetensors(single)
        fmt = None if metadata is None else metadata.get("format")
        if metadata is None:
            WARNINGS.append("model.safetensors has no __metadata__: accepted (as a PyTorch file) by current "
                            "transformers; older versions required {\"format\": \"pt\"}")
        elif fmt in ("tf", "flax"):
            raise Refusal(f"model.safetensors has format {fmt!r}: transformers converts it with {fmt}, not loaded")
        elif fmt not in ("pt", "mlx"):
            raise Refusal(f"Incompatible safetensors file. File metadata is not ['pt', 'tf', 'flax', 'mlx'] "
                          f"but {fmt}")
        return tensors
    if os.path.isfile(index):
        weight_map = read_json(index, "model.safetensors.index.json").get("weight_map", {})
        shards = {f: read_safetensors(os.path.join(folder, f))[1] for f in sorted(set(weight_map.values()))}
        if any(k not in shards[f] for k, f in weight_map.items()):
            raise Failure("model.safetensors.index.json names a tensor its shard does not hold")
        return {k: shards[f][k] for k, f in weight_map.items()}
    if any(os.path.isfile(os.path.join(folder, f)) for f in ("pytorch_model.bin", "pytorch_model.bin.index.json")):
        raise Failure("pytorch_model.bin is not supported by this reader (it needs torch.load); save safetensors")
    raise Refusal(f"Error no file named model.safetensors or pytorch_model.bin found in directory {folder}")


def load_weights(folder, enc, base, shapes):
    """PreTrainedModel._load_pretrained_model: rename keys, then refuse mismatched shapes and missing keys."""
    tensors = read_checkpoint(folder)
    # A task model whose base-model attribute no checkpoint key starts with was saved as a bare base model: the
    # keys get the prefix (the test is startswith(prefix), without the dot, as in transformers).
    from_base = bool(base) and not any(k.startswith(base) for k in tensors)
    renamed, legacy = {}, []
    for key in tensors:
        new = key
        for old, modern in (("LayerNorm.gamma", "LayerNorm.weight"), ("LayerNorm.beta", "LayerNorm.bias")):
            if new.endswith(old):  # early TensorFlow ports (_fix_state_dict_key_on_load)
                new = new[:-len(old)] + modern
                legacy.append(key)
        renamed[base + "." + new if from_base else new] = key
    if legacy:
        WARNINGS.append(f"legacy LayerNorm names renamed to weight/bias: {', '.join(legacy[:3])}"
                        + (f" and {len(legacy) - 3} more" if len(legacy) > 3 else ""))
    if from_base:
        WARNINGS.append(f"checkpoint has no '{base}' keys: loaded as a base model under '{base}.'")
    mismatched = [f"size mismatch for {k}: checkpoint {list(tensors[renamed[k]][1])}, model {list(shapes[k])}"
                  for k in shapes if k in renamed and tuple(tensors[renamed[k]][1]) != shapes[k]]
    if mismatched:  # load_state_dict raises unless ignore_mismatched_sizes=True
        raise Refusal("; ".join(mismatched[:3]) + (f"; and {len(mismatched) - 3} more" if len(mismatched) > 3
                                                   else ""))
    missing = [k for k in shapes if k not in renamed]
    if missing:  # transformers only warns, and these weights are random: refuse
        raise Refusal(f"weights newly initialised: {', '.join(missing[:8])}"
                      + (f" and {len(missing) - 8} more" if len(missing) > 8 else ""))
    p = enc["kind"] + "."
    buffers = {p + "embeddings.position_ids", p + "embeddings.token_type_ids"}  # never loaded nor reported
    unexpected = sorted(set(renamed) - set(shapes) - buffers)
    if unexpected:
        WARNINGS.append(f"unexpected keys ignored: {', '.join(unexpected[:8])}"
                        + (f" and {len(unexpected) - 8} more" if len(unexpected) > 8 else ""))
    return {k: decode(renamed[k], tensors[renamed[k]]) for k in shapes}


# ---------------------------------------------------------------- the pipeline

def read_ids(path, enc, pad):
    """A padded tokenizer batch: pad to the longest with pad_token_id, attention mask 1 for tokens."""
    data = read_json(path, "ids file")
    batch = data.get("input_ids") if isinstance(data, dict) else None
    if not isinstance(batch, list) or not batch or not all(
            isinstance(s, list) and s and all(isinstance(i, int) and not isinstance(i, bool) for i in s)
            for s in batch):
        raise Failure("ids file: input_ids must be a non-empty list of non-empty lists of integers")
    longest = max(map(len, batch))
    ids = np.array([s + [pad] * (longest - len(s)) for s in batch], dtype=np.int64)
    mask = np.array([[1.0] * len(s) + [0.0] * (longest - len(s)) for s in batch])
    if ids.min() < 0 or ids.max() >= enc["vocab_size"]:
        raise Failure(f"token id out of range for vocab_size {enc['vocab_size']}")
    if longest > enc["max_position_embeddings"]:
        raise Failure(f"{longest} tokens exceed max_position_embeddings {enc['max_position_embeddings']}")
    return ids, mask


def scoring(problem_type, n):
    """TextClassificationPipeline.postprocess with function_to_apply unset."""
    if problem_type == "regression":
        return "none"
    if problem_type == "multi_label_classification" or n == 1:
        return "sigmoid"
    if problem_type == "single_label_classification" or n > 1:
        return "softmax"
    return "none"


def run(folder, ids_path, trust, model_class):
    raw_path = os.path.join(folder, "config.json")
    if not os.path.isfile(raw_path):
        raise Refusal(f"{folder} does not appear to have a file named config.json")
    raw = read_json(raw_path, "config.json")
    if not isinstance(raw, dict):
        raise Failure("config.json is not a JSON object")
    if model_class == "auto":
        class_name, config = choose_auto(folder, raw, trust)
    else:
        class_name, config = choose_explicit(model_class, raw)
    enc, base, shapes, labels, problem_type = build_model(class_name, config, raw)
    weights = load_weights(folder, enc, base, shapes)
    # The folder's pad_token_id (a custom config's top level, else its encoder's), else 0.
    pad = next((v for v in (raw.get("pad_token_id"), enc.get("pad_token_id")) if v is not None), 0)
    ids, mask = read_ids(ids_path, enc, pad)
    encoder = bert_encoder if enc["kind"] == "bert" else distilbert_encoder
    hidden, pooled = encoder(weights, enc, enc["kind"] + ".", ids, mask)
    logits = head_logits(class_name, weights, hidden, pooled, mask)
    function = scoring(problem_type, len(labels))
    if function == "sigmoid":
        scores = 1.0 / (1.0 + np.exp(-logits))
    elif function == "softmax":
        scores = softmax(logits)
    else:
        scores = logits
    if not np.all(np.isfinite(scores)):
        raise Failure("non-finite scores")
    return {"model_class": class_name, "labels": labels, "function": function,
            "probabilities": [[float(v) for v in row] for row in scores], "warnings": WARNINGS}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--ids", required=True, help='JSON file: {"input_ids": [[101, ..., 102], ...]}')
    parser.add_argument("--trust-remote-code", action="store_true")
    parser.add_argument("--model-class", default="auto", choices=["auto", "BertForSequenceClassification",
                                                                   "DistilBertForSequenceClassification"])
    args = parser.parse_args(argv)
    try:
        # trust_remote_code left unset is None in transformers, which resolve_trust treats like False here.
        result = run(args.folder, args.ids, True if args.trust_remote_code else None, args.model_class)
    except Refusal as e:
        print(f"refused: {e}", file=sys.stderr)
        return 3
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except (AttributeError, KeyError, TypeError, ValueError) as e:  # a config value of the wrong type or shape
        print(f"error: malformed input: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
