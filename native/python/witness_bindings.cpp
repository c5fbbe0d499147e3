// nanobind glue for the witness layer (ruvector.witness): bytes in, bytes out, errors translated
// by the module's exception translator. Every check lives in src/ruvector/witness/.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/crypto/keccak.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/witness/bundle_witness.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/content_witness.hpp"
#include "ruvector/witness/merkle.hpp"
#include "ruvector/witness/note.hpp"
#include "ruvector/witness/transparency_log.hpp"

namespace nb = nanobind;
using namespace nb::literals;
namespace witness = ruvector::witness;
using witness::Hash;

namespace {

ruvector::crypto::Bytes bytes_of(const nb::bytes& b) {
  return {static_cast<const std::uint8_t*>(b.data()), b.size()};
}

nb::bytes to_bytes(std::span<const std::uint8_t> b) {
  return nb::bytes(b.data(), b.size());
}

Hash hash_arg(const nb::bytes& b, const char* what) {
  return witness::hash_from_bytes(bytes_of(b), what);
}

std::vector<Hash> hashes_arg(const std::vector<nb::bytes>& list, const char* what) {
  std::vector<Hash> out;
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back(witness::hash_from_bytes(bytes_of(list[i]), std::string(what) + "[" + std::to_string(i) + "]"));
  }
  return out;
}

std::vector<nb::bytes> hashes_out(const std::vector<Hash>& hashes) {
  std::vector<nb::bytes> out;
  out.reserve(hashes.size());
  for (const Hash& h : hashes) out.push_back(to_bytes(h));
  return out;
}

// Upstream's generation: a Python int (u64) is Num, a str is Opaque.
witness::Generation generation_arg(const nb::handle& g) {
  if (nb::isinstance<nb::str>(g)) {
    // The UTF-8 bytes with their length: an opaque generation may hold NUL characters.
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(g.ptr(), &size);
    if (utf8 == nullptr) throw nb::python_error();
    return std::string(utf8, static_cast<std::size_t>(size));
  }
  if (nb::isinstance<nb::int_>(g) && !nb::isinstance<nb::bool_>(g)) {
    if (nb::cast<nb::int_>(g) < nb::int_(0) || nb::cast<nb::int_>(g) > nb::int_(UINT64_MAX)) {
      ruvector::throw_error(
          ruvector::ErrorCode::kInvalidInput,
          "generation must be an integer between 0 and 2^64 - 1 or a string, got " + std::string(nb::str(g).c_str()));
    }
    return nb::cast<std::uint64_t>(g);
  }
  ruvector::throw_error(
      ruvector::ErrorCode::kInvalidInput,
      "generation must be an integer between 0 and 2^64 - 1 or a string, got " + std::string(nb::str(g).c_str()));
}

using CheckpointTuple = std::tuple<std::string, std::uint64_t, nb::bytes, std::vector<std::string>>;

CheckpointTuple checkpoint_out(const witness::Checkpoint& c) {
  return {c.origin, c.size, to_bytes(c.root), c.extensions};
}

nb::object generation_out(const witness::Generation& g) {
  if (const auto* n = std::get_if<std::uint64_t>(&g)) return nb::int_(*n);
  const auto& s = std::get<std::string>(g);
  return nb::steal(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape"));
}

// What read_bundle / verify_bundle found, as a dict for ruvector.witness.BundleInfo.
nb::dict bundle_info_out(const ruvector::lake::BundleInfo& info) {
  const auto& b = info.sidecar.bundle;
  const auto& w = info.witness;
  nb::dict d;
  d["data_ref"] = b.data_ref;
  d["dim"] = b.dim;
  d["rotation_seed"] = b.rotation_seed;
  d["rerank_factor"] = b.rerank_factor;
  d["generation"] = generation_out(b.generation);
  d["rvf_witness"] = info.sidecar.rvf_witness;
  d["metric"] = w.params.metric;
  d["rotation_kind"] = w.params.rotation_kind;
  d["bits"] = w.params.bits;
  d["content_witness"] = nb::make_tuple(to_bytes(w.content.params_hash), to_bytes(w.content.data_root), w.content.count,
                                        to_bytes(w.content.root));
  d["index_bytes"] = w.index_bytes;
  d["index_root"] = to_bytes(w.index_root);
  d["log_index"] = w.log ? nb::object(nb::int_(w.log->leaf_index)) : nb::none();
  d["checkpoint"] = info.checkpoint ? nb::object(nb::cast(checkpoint_out(*info.checkpoint))) : nb::none();
  return d;
}

std::vector<witness::NoteVerifier> verifiers_arg(const std::vector<std::string>& keys) {
  std::vector<witness::NoteVerifier> out;
  out.reserve(keys.size());
  for (const std::string& k : keys) out.push_back(witness::NoteVerifier::parse(k));
  return out;
}

}  // namespace

void register_witness(nb::module_& m) {
  m.def(
      "read_bundle",
      [](const std::string& dir, unsigned threads) {
        ruvector::lake::BundleInfo info;
        {
          const nb::gil_scoped_release unlocked;
          info = ruvector::lake::read_bundle_dir(dir, threads);
        }
        return bundle_info_out(info);
      },
      "dir"_a, "threads"_a = 0);
  m.def(
      "verify_bundle",
      [](const std::string& dir, const std::vector<std::string>& trusted_keys, unsigned threads) {
        const std::vector<witness::NoteVerifier> trusted = verifiers_arg(trusted_keys);
        ruvector::lake::BundleInfo info;
        {
          const nb::gil_scoped_release unlocked;
          info = ruvector::lake::verify_bundle_dir(dir, trusted, threads);
        }
        return bundle_info_out(info);
      },
      "dir"_a, "trusted_keys"_a, "threads"_a = 0);
  m.def("shake256", [](const nb::bytes& data, std::size_t length) {
    std::vector<std::uint8_t> out(length);
    ruvector::crypto::shake256(bytes_of(data), out);
    return to_bytes(out);
  });
  m.def("sha3_256", [](const nb::bytes& data) { return to_bytes(ruvector::crypto::sha3_256(bytes_of(data))); });

  m.def(
      "bundle_witness_preimage",
      [](std::string_view data_ref, std::uint64_t dim, std::uint64_t seed, std::uint64_t rerank,
         const nb::handle& generation) {
        return to_bytes(witness::bundle_witness_preimage(data_ref, dim, seed, rerank, generation_arg(generation)));
      },
      "data_ref"_a, "dim"_a, "rotation_seed"_a, "rerank_factor"_a, "generation"_a.none());
  m.def(
      "bundle_witness",
      [](std::string_view data_ref, std::uint64_t dim, std::uint64_t seed, std::uint64_t rerank,
         const nb::handle& generation) {
        return witness::bundle_witness_hex(data_ref, dim, seed, rerank, generation_arg(generation));
      },
      "data_ref"_a, "dim"_a, "rotation_seed"_a, "rerank_factor"_a, "generation"_a.none());

  // Content witness v2 over (ids, rows); the GIL is released while hashing.
  m.def(
      "content_witness",
      [](const ruvector::python::U64Vector& ids, const ruvector::python::F32Matrix& rows, std::string metric,
         std::string rotation_kind, std::uint64_t rotation_seed, std::uint32_t bits, const nb::handle& generation,
         unsigned threads) {
        witness::ContentParams params;
        params.dim = static_cast<std::uint32_t>(rows.shape(1));
        params.metric = std::move(metric);
        params.rotation_kind = std::move(rotation_kind);
        params.rotation_seed = rotation_seed;
        params.bits = bits;
        params.generation = generation_arg(generation);
        witness::ContentWitness w;
        {
          nb::gil_scoped_release unlocked;
          w = witness::content_witness(params, ruvector::python::span_of(ids), ruvector::python::span_of(rows),
                                       threads);
        }
        return std::make_tuple(to_bytes(w.params_hash), to_bytes(w.data_root), w.count, to_bytes(w.root));
      },
      "ids"_a.noconvert(), "rows"_a.noconvert(), "metric"_a, "rotation_kind"_a, "rotation_seed"_a, "bits"_a,
      "generation"_a.none(), "threads"_a = 0);

  m.def("leaf_hash", [](const nb::bytes& data) { return to_bytes(witness::leaf_hash(bytes_of(data))); });
  m.def("merkle_root", [](const std::vector<nb::bytes>& leaves) {
    return to_bytes(witness::root_of(hashes_arg(leaves, "leaf_hashes")));
  });
  m.def("inclusion_proof", [](const std::vector<nb::bytes>& leaves, std::uint64_t index, std::uint64_t size) {
    return hashes_out(witness::inclusion_proof(hashes_arg(leaves, "leaf_hashes"), index, size));
  });
  m.def("consistency_proof", [](const std::vector<nb::bytes>& leaves, std::uint64_t size1, std::uint64_t size2) {
    return hashes_out(witness::consistency_proof(hashes_arg(leaves, "leaf_hashes"), size1, size2));
  });
  m.def("verify_inclusion", [](const nb::bytes& leaf, std::uint64_t index, std::uint64_t size,
                               const std::vector<nb::bytes>& proof, const nb::bytes& root) {
    witness::verify_inclusion(hash_arg(leaf, "leaf_hash"), index, size, hashes_arg(proof, "proof"),
                              hash_arg(root, "root"));
  });
  m.def("verify_consistency", [](std::uint64_t size1, std::uint64_t size2, const std::vector<nb::bytes>& proof,
                                 const nb::bytes& root1, const nb::bytes& root2) {
    witness::verify_consistency(size1, size2, hashes_arg(proof, "proof"), hash_arg(root1, "root1"),
                                hash_arg(root2, "root2"));
  });

  m.def("generate_signer_key",
        [](std::string name) { return witness::NoteSigner::generate(std::move(name)).to_string(); });
  m.def("verifier_key",
        [](std::string_view signer_key) { return witness::NoteSigner::parse(signer_key).verifier().to_string(); });
  m.def("sign_checkpoint", [](std::string_view signer_key, std::string origin, std::uint64_t size,
                              const nb::bytes& root, std::vector<std::string> extensions) {
    const witness::Checkpoint c{std::move(origin), size, hash_arg(root, "root"), std::move(extensions)};
    const std::vector<witness::NoteSigner> signers = {witness::NoteSigner::parse(signer_key)};
    return witness::sign_checkpoint(c, signers);
  });
  m.def("verify_checkpoint", [](std::string_view note, const std::vector<std::string>& keys) {
    return checkpoint_out(witness::verify_checkpoint(note, keys));
  });

  nb::class_<witness::TransparencyLog>(m, "TransparencyLog")
      .def(nb::init<std::string>(), "dir"_a)
      .def_prop_ro("size", &witness::TransparencyLog::size)
      .def_prop_ro("root", [](const witness::TransparencyLog& log) { return to_bytes(log.root()); })
      .def_prop_ro("dir", &witness::TransparencyLog::dir)
      .def("append", [](witness::TransparencyLog& log, const nb::bytes& entry) { return log.append(bytes_of(entry)); })
      .def("leaf_hash_at",
           [](const witness::TransparencyLog& log, std::uint64_t index) { return to_bytes(log.leaf_hash_at(index)); })
      .def("inclusion_proof", [](const witness::TransparencyLog& log, std::uint64_t index,
                                 std::uint64_t size) { return hashes_out(log.inclusion_proof(index, size)); })
      .def("consistency_proof", [](const witness::TransparencyLog& log, std::uint64_t size1,
                                   std::uint64_t size2) { return hashes_out(log.consistency_proof(size1, size2)); })
      .def("write_checkpoint",
           [](witness::TransparencyLog& log, const std::string& origin, std::string_view signer_key) {
             return log.write_checkpoint(origin, witness::NoteSigner::parse(signer_key));
           })
      .def("read_checkpoint", &witness::TransparencyLog::read_checkpoint);
}
