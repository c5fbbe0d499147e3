// Embind glue for the witness layer: type translation only. Byte strings arrive as std::string
// (Embind copies a Uint8Array into one), u64 values as decimal strings (the JS wrapper converts
// numbers and bigints), hash lists as JS arrays of Uint8Arrays. Results leave as Uint8Array copies;
// failures as {error} records (guarded), never as exceptions.
#include <emscripten/bind.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "ruvector/crypto/keccak.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/witness/bundle_witness.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/content_witness.hpp"
#include "ruvector/witness/merkle.hpp"
#include "ruvector/witness/note.hpp"
#include "ruvector/witness/transparency_log.hpp"

using emscripten::val;
namespace witness = ruvector::witness;
namespace lake = ruvector::lake;

namespace ruvector::wasm {
namespace {

crypto::Bytes bytes_of(const std::string& s) {
  return crypto::as_bytes(s);
}

val bytes_to_js(std::span<const std::uint8_t> b) {
  return copy_to_js("Uint8Array", b.data(), b.size());
}

std::uint64_t u64_arg(const std::string& decimal, const char* what) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(decimal.data(), decimal.data() + decimal.size(), v);
  if (ec != std::errc() || end != decimal.data() + decimal.size() || decimal.empty()) {
    throw_error(ErrorCode::kInvalidInput,
                std::string(what) + " must be an integer between 0 and 2^64 - 1, got " + decimal);
  }
  return v;
}

// A JS array of Uint8Arrays (the wrapper guarantees the element types), each a 32-byte hash.
std::vector<witness::Hash> hashes_arg(const val& list, const char* what) {
  const std::vector<std::string> items = emscripten::vecFromJSArray<std::string>(list);
  std::vector<witness::Hash> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    out.push_back(witness::hash_from_bytes(bytes_of(items[i]), std::string(what) + "[" + std::to_string(i) + "]"));
  }
  return out;
}

val hashes_to_js(const std::vector<witness::Hash>& hashes) {
  val out = val::array();
  for (const witness::Hash& h : hashes) out.call<void>("push", bytes_to_js(h));
  return out;
}

witness::Generation generation_arg(const std::string& kind, const std::string& value) {
  if (kind == "opaque") return value;
  return u64_arg(value, "generation");
}

val shake256(const std::string& data, double length) {
  return guarded([&] {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(integer_arg(length, "length", 0)));
    crypto::shake256(bytes_of(data), out);
    return bytes_to_js(out);
  });
}

val bundle_witness(const std::string& data_ref, const std::string& dim, const std::string& seed,
                   const std::string& rerank, const std::string& generation_kind, const std::string& generation) {
  return guarded([&] {
    const witness::Generation g = generation_arg(generation_kind, generation);
    val out = val::object();
    out.set("preimage",
            bytes_to_js(witness::bundle_witness_preimage(data_ref, u64_arg(dim, "dim"), u64_arg(seed, "rotationSeed"),
                                                         u64_arg(rerank, "rerankFactor"), g)));
    out.set("hex", witness::bundle_witness_hex(data_ref, u64_arg(dim, "dim"), u64_arg(seed, "rotationSeed"),
                                               u64_arg(rerank, "rerankFactor"), g));
    return out;
  });
}

// Content witness v2 over rows already copied into the wasm heap (ids: u64, rows: f32, row-major).
val content_witness(std::uintptr_t ids, double id_count, std::uintptr_t rows, double float_count, double dim,
                    const std::string& metric, const std::string& rotation_kind, const std::string& rotation_seed,
                    double bits, const std::string& generation_kind, const std::string& generation) {
  return guarded([&] {
    witness::ContentParams params;
    params.dim = static_cast<std::uint32_t>(integer_arg(dim, "dim", 1));
    params.metric = metric;
    params.rotation_kind = rotation_kind;
    params.rotation_seed = u64_arg(rotation_seed, "rotationSeed");
    params.bits = static_cast<std::uint32_t>(integer_arg(bits, "bits", 0));
    params.generation = generation_arg(generation_kind, generation);
    const witness::ContentWitness w =
        witness::content_witness(params, heap_span<std::uint64_t>(ids, static_cast<std::size_t>(id_count)),
                                 heap_span<float>(rows, static_cast<std::size_t>(float_count)));
    val out = val::object();
    out.set("paramsHash", bytes_to_js(w.params_hash));
    out.set("dataRoot", bytes_to_js(w.data_root));
    out.set("count", std::to_string(w.count));
    out.set("root", bytes_to_js(w.root));
    return out;
  });
}

val leaf_hash(const std::string& data) {
  return guarded([&] { return bytes_to_js(witness::leaf_hash(bytes_of(data))); });
}

val merkle_root(const val& leaves) {
  return guarded([&] { return bytes_to_js(witness::root_of(hashes_arg(leaves, "leafHashes"))); });
}

val inclusion_proof(const val& leaves, const std::string& index, const std::string& size) {
  return guarded([&] {
    return hashes_to_js(
        witness::inclusion_proof(hashes_arg(leaves, "leafHashes"), u64_arg(index, "index"), u64_arg(size, "size")));
  });
}

val consistency_proof(const val& leaves, const std::string& size1, const std::string& size2) {
  return guarded([&] {
    return hashes_to_js(
        witness::consistency_proof(hashes_arg(leaves, "leafHashes"), u64_arg(size1, "size1"), u64_arg(size2, "size2")));
  });
}

val verify_inclusion(const std::string& leaf, const std::string& index, const std::string& size, const val& proof,
                     const std::string& root) {
  return guarded([&] {
    witness::verify_inclusion(witness::hash_from_bytes(bytes_of(leaf), "leafHash"), u64_arg(index, "index"),
                              u64_arg(size, "size"), hashes_arg(proof, "proof"),
                              witness::hash_from_bytes(bytes_of(root), "root"));
    return val::undefined();
  });
}

val verify_consistency(const std::string& size1, const std::string& size2, const val& proof, const std::string& root1,
                       const std::string& root2) {
  return guarded([&] {
    witness::verify_consistency(u64_arg(size1, "size1"), u64_arg(size2, "size2"), hashes_arg(proof, "proof"),
                                witness::hash_from_bytes(bytes_of(root1), "root1"),
                                witness::hash_from_bytes(bytes_of(root2), "root2"));
    return val::undefined();
  });
}

val generate_signer_key(const std::string& name) {
  return guarded([&] { return val(witness::NoteSigner::generate(name).to_string()); });
}

val verifier_key(const std::string& signer_key) {
  return guarded([&] { return val(witness::NoteSigner::parse(signer_key).verifier().to_string()); });
}

// extensions, keys: JS arrays of strings (the wrapper converts every element with String()).
val sign_checkpoint(const std::string& signer_key, const std::string& origin, const std::string& size,
                    const std::string& root, const val& extensions) {
  return guarded([&] {
    const witness::Checkpoint c{origin, u64_arg(size, "size"), witness::hash_from_bytes(bytes_of(root), "root"),
                                emscripten::vecFromJSArray<std::string>(extensions)};
    const std::vector<witness::NoteSigner> signers = {witness::NoteSigner::parse(signer_key)};
    return val(witness::sign_checkpoint(c, signers));
  });
}

val verify_checkpoint(const std::string& note, const val& keys) {
  return guarded([&] {
    const witness::Checkpoint c = witness::verify_checkpoint(note, emscripten::vecFromJSArray<std::string>(keys));
    val out = val::object();
    out.set("origin", c.origin);
    out.set("size", std::to_string(c.size));
    out.set("root", bytes_to_js(c.root));
    val extensions = val::array();
    for (const std::string& e : c.extensions) extensions.call<void>("push", e);
    out.set("extensions", extensions);
    return out;
  });
}

// The JS record of a checked bundle (witness.mjs decodes it for readBundle and the Pyodide ring).
val bundle_info_to_js(const lake::BundleInfo& info) {
  const auto& b = info.sidecar.bundle;
  const auto& w = info.witness;
  val out = val::object();
  out.set("dataRef", b.data_ref);
  out.set("dim", std::to_string(b.dim));
  out.set("rotationSeed", std::to_string(b.rotation_seed));
  out.set("rerankFactor", std::to_string(b.rerank_factor));
  if (const auto* n = std::get_if<std::uint64_t>(&b.generation)) {
    out.set("generationKind", std::string("num"));
    out.set("generation", std::to_string(*n));
  } else {
    out.set("generationKind", std::string("opaque"));
    out.set("generation", std::get<std::string>(b.generation));
  }
  out.set("rvfWitness", info.sidecar.rvf_witness);
  out.set("metric", w.params.metric);
  out.set("rotationKind", w.params.rotation_kind);
  out.set("bits", static_cast<double>(w.params.bits));
  out.set("paramsHash", bytes_to_js(w.content.params_hash));
  out.set("dataRoot", bytes_to_js(w.content.data_root));
  out.set("count", std::to_string(w.content.count));
  out.set("root", bytes_to_js(w.content.root));
  out.set("indexBytes", std::to_string(w.index_bytes));
  out.set("indexRoot", bytes_to_js(w.index_root));
  out.set("logIndex", w.log ? val(std::to_string(w.log->leaf_index)) : val::null());
  if (info.checkpoint) {
    val c = val::object();
    c.set("origin", info.checkpoint->origin);
    c.set("size", std::to_string(info.checkpoint->size));
    c.set("root", bytes_to_js(info.checkpoint->root));
    val extensions = val::array();
    for (const std::string& e : info.checkpoint->extensions) extensions.call<void>("push", e);
    c.set("extensions", extensions);
    out.set("checkpoint", c);
  } else {
    out.set("checkpoint", val::null());
  }
  return out;
}

std::vector<witness::NoteVerifier> verifiers_of(const val& keys) {
  std::vector<witness::NoteVerifier> trusted;
  for (const std::string& k : emscripten::vecFromJSArray<std::string>(keys))
    trusted.push_back(witness::NoteVerifier::parse(k));
  return trusted;
}

// A bundle's three files (sidecar and witness as text, the index in the wasm heap): read_bundle,
// or verify_bundle when `verify` (keys: a JS array of verifier key strings).
val read_bundle(const std::string& sidecar, const std::string& witness_json, std::uintptr_t index, double index_bytes,
                bool verify, const val& keys) {
  return guarded([&] {
    SpanSource source(heap_span<std::uint8_t>(index, static_cast<std::size_t>(index_bytes)));
    const std::vector<witness::NoteVerifier> trusted = verifiers_of(keys);
    return bundle_info_to_js(verify ? lake::verify_bundle(sidecar, witness_json, source, trusted)
                                    : lake::read_bundle(sidecar, witness_json, source));
  });
}

// A bundle directory on the module's file system: read_bundle_dir, or verify_bundle_dir when `verify`.
val read_bundle_dir(const std::string& dir, bool verify, const val& keys) {
  return guarded([&] {
    return bundle_info_to_js(verify ? lake::verify_bundle_dir(dir, verifiers_of(keys)) : lake::read_bundle_dir(dir));
  });
}

// The core's transparency log in a directory of the module's file system.
class TransparencyLogHandle {
 public:
  val init(const std::string& dir) {
    return guarded([&] {
      log_ = std::make_unique<witness::TransparencyLog>(dir);
      return val::undefined();
    });
  }
  [[nodiscard]] std::string size() const { return std::to_string(log_->size()); }
  [[nodiscard]] val root() const { return bytes_to_js(log_->root()); }
  [[nodiscard]] std::string dir() const { return log_->dir(); }
  val append(const std::string& entry) {
    return guarded([&] { return val(std::to_string(log_->append(bytes_of(entry)))); });
  }
  val leaf_hash_at(const std::string& index) {
    return guarded([&] { return bytes_to_js(log_->leaf_hash_at(u64_arg(index, "index"))); });
  }
  val inclusion_proof(const std::string& index, const std::string& size) {
    return guarded([&] { return hashes_to_js(log_->inclusion_proof(u64_arg(index, "index"), u64_arg(size, "size"))); });
  }
  val consistency_proof(const std::string& size1, const std::string& size2) {
    return guarded(
        [&] { return hashes_to_js(log_->consistency_proof(u64_arg(size1, "size1"), u64_arg(size2, "size2"))); });
  }
  val write_checkpoint(const std::string& origin, const std::string& signer_key) {
    return guarded([&] { return val(log_->write_checkpoint(origin, witness::NoteSigner::parse(signer_key))); });
  }
  val read_checkpoint() {
    return guarded([&] {
      const std::optional<std::string> note = log_->read_checkpoint();
      return note ? val(*note) : val::null();
    });
  }

 private:
  std::unique_ptr<witness::TransparencyLog> log_;
};

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_witness) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::function("witnessShake256", &shake256);
  emscripten::function("witnessBundle", &bundle_witness);
  emscripten::function("witnessContent", &content_witness);
  emscripten::function("witnessLeafHash", &leaf_hash);
  emscripten::function("witnessMerkleRoot", &merkle_root);
  emscripten::function("witnessInclusionProof", &inclusion_proof);
  emscripten::function("witnessConsistencyProof", &consistency_proof);
  emscripten::function("witnessVerifyInclusion", &verify_inclusion);
  emscripten::function("witnessVerifyConsistency", &verify_consistency);
  emscripten::function("witnessGenerateSignerKey", &generate_signer_key);
  emscripten::function("witnessVerifierKey", &verifier_key);
  emscripten::function("witnessSignCheckpoint", &sign_checkpoint);
  emscripten::function("witnessVerifyCheckpoint", &verify_checkpoint);
  emscripten::function("witnessReadBundle", &read_bundle);
  emscripten::function("witnessReadBundleDir", &read_bundle_dir);
  emscripten::class_<TransparencyLogHandle>("TransparencyLogHandle")
      .constructor<>()
      .function("init", &TransparencyLogHandle::init)
      .function("size", &TransparencyLogHandle::size)
      .function("root", &TransparencyLogHandle::root)
      .function("dir", &TransparencyLogHandle::dir)
      .function("append", &TransparencyLogHandle::append)
      .function("leafHashAt", &TransparencyLogHandle::leaf_hash_at)
      .function("inclusionProof", &TransparencyLogHandle::inclusion_proof)
      .function("consistencyProof", &TransparencyLogHandle::consistency_proof)
      .function("writeCheckpoint", &TransparencyLogHandle::write_checkpoint)
      .function("readCheckpoint", &TransparencyLogHandle::read_checkpoint);
}
