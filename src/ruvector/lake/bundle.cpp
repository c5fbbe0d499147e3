#include "ruvector/lake/bundle.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <optional>

#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/lake/json_fields.hpp"
#include "ruvector/rabitq/half_rows.hpp"
#include "ruvector/witness/generation_bytes.hpp"
#include "ruvector/witness/hex.hpp"
#include "ruvector/witness/merkle.hpp"
#if !defined(__EMSCRIPTEN__)
#include "ruvector/core/mapped_file.hpp"
#endif

namespace ruvector::lake {
namespace {

constexpr std::size_t kMaxWitnessJsonBytes = std::size_t{64} * 1024;
constexpr std::size_t kMaxProofHashes = 64;
constexpr std::size_t kMaxStringBytes = std::size_t{16} * 1024;  // the checkpoint note is the longest
constexpr std::string_view kLogEntryTag{"ruvector-bundle-v1\0", 19};

[[noreturn]] void mismatch(const std::string& why) {
  throw_error(ErrorCode::kWitnessMismatch, "bundle witness mismatch: " + why);
}

const boost::json::object& object_field(const JsonFields& f, const boost::json::object& object, const char* name) {
  const auto& value = f.field(object, name);
  if (!value.is_object()) f.fail(std::string("field '") + name + "' must be an object");
  return value.get_object();
}

witness::Hash hash_of(const JsonFields& f, const boost::json::value& value, const char* name) {
  const std::string text = f.string_of(value, name);
  std::vector<std::uint8_t> bytes;
  try {
    bytes = witness::from_hex(text, name);
  } catch (const Error&) {
    bytes.clear();
  }
  if (bytes.size() != 32) f.fail(std::string("field '") + name + "' must be 64 hex digits");
  witness::Hash hash{};
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

boost::json::value generation_json(const witness::Generation& generation) {
  if (const auto* n = std::get_if<std::uint64_t>(&generation)) return *n;
  return boost::json::string(std::get<std::string>(generation));
}

}  // namespace

std::string bundle_witness_to_json(const BundleWitness& record) {
  const witness::ContentParams& p = record.params;
  boost::json::object out;
  out["format"] = kWitnessFormat;
  out["rvf_witness"] = record.rvf_witness;
  out["params"] = boost::json::object{{"dim", p.dim},
                                      {"metric", p.metric},
                                      {"rotation_kind", p.rotation_kind},
                                      {"rotation_seed", p.rotation_seed},
                                      {"bits", p.bits},
                                      {"generation", generation_json(p.generation)}};
  out["content_witness"] = boost::json::object{{"root", witness::to_hex(record.content.root)},
                                               {"params_hash", witness::to_hex(record.content.params_hash)},
                                               {"data_root", witness::to_hex(record.content.data_root)},
                                               {"count", record.content.count}};
  out["index"] = boost::json::object{{"file", kIndexFileName},
                                     {"bytes", record.index_bytes},
                                     {"chunk_bytes", kIndexChunkBytes},
                                     {"root", witness::to_hex(record.index_root)}};
  if (record.log) {
    boost::json::array proof;
    for (const witness::Hash& h : record.log->inclusion_proof) proof.emplace_back(witness::to_hex(h));
    out["log"] = boost::json::object{{"leaf_index", record.log->leaf_index},
                                     {"tree_size", record.log->tree_size},
                                     {"inclusion_proof", std::move(proof)},
                                     {"checkpoint", record.log->checkpoint}};
  }
  return boost::json::serialize(out) + "\n";
}

BundleWitness parse_bundle_witness(std::string_view json) {
  const JsonFields f(kWitnessFileName, kMaxStringBytes);
  const boost::json::value root = f.parse_object(json, kMaxWitnessJsonBytes, 4);
  const auto& object = root.get_object();
  if (f.string_field(object, "format") != kWitnessFormat) f.fail("format is not '" + std::string(kWitnessFormat) + "'");
  BundleWitness r;
  r.rvf_witness = f.string_field(object, "rvf_witness");
  if (r.rvf_witness.size() > 128) f.fail("field 'rvf_witness' is too long");
  const auto& params = object_field(f, object, "params");
  const std::uint64_t dim = f.unsigned_field(params, "dim");
  const std::uint64_t bits = f.unsigned_field(params, "bits");
  if (dim > 0xFFFFFFFFU || bits > 0xFFFFFFFFU) f.fail("dim or bits out of range");
  r.params.dim = static_cast<std::uint32_t>(dim);
  r.params.bits = static_cast<std::uint32_t>(bits);
  r.params.metric = f.string_field(params, "metric");
  r.params.rotation_kind = f.string_field(params, "rotation_kind");
  if (r.params.metric.size() > 255 || r.params.rotation_kind.size() > 255) f.fail("metric or rotation_kind too long");
  r.params.rotation_seed = f.unsigned_field(params, "rotation_seed");
  r.params.generation = f.generation_field(params, "generation");
  const auto& content = object_field(f, object, "content_witness");
  r.content.root = hash_of(f, f.field(content, "root"), "root");
  r.content.params_hash = hash_of(f, f.field(content, "params_hash"), "params_hash");
  r.content.data_root = hash_of(f, f.field(content, "data_root"), "data_root");
  r.content.count = f.unsigned_field(content, "count");
  const auto& index = object_field(f, object, "index");
  if (f.string_field(index, "file") != kIndexFileName) f.fail("index file is not index.rvq");
  if (f.unsigned_field(index, "chunk_bytes") != kIndexChunkBytes) f.fail("chunk_bytes is not 1048576");
  r.index_bytes = f.unsigned_field(index, "bytes");
  r.index_root = hash_of(f, f.field(index, "root"), "root");
  if (const auto* log = object.if_contains("log"); log != nullptr) {
    if (!log->is_object()) f.fail("field 'log' must be an object");
    const auto& l = log->get_object();
    BundleLogProof proof;
    proof.leaf_index = f.unsigned_field(l, "leaf_index");
    proof.tree_size = f.unsigned_field(l, "tree_size");
    proof.checkpoint = f.string_field(l, "checkpoint");
    const auto& hashes = f.field(l, "inclusion_proof");
    if (!hashes.is_array() || hashes.get_array().size() > kMaxProofHashes) {
      f.fail("field 'inclusion_proof' must be an array of at most 64 hashes");
    }
    for (const auto& h : hashes.get_array()) proof.inclusion_proof.push_back(hash_of(f, h, "inclusion_proof"));
    r.log = std::move(proof);
  }
  return r;
}

std::vector<std::uint8_t> bundle_log_entry(const BundleWitness& record) {
  std::vector<std::uint8_t> rvf;
  try {
    rvf = witness::from_hex(record.rvf_witness, "rvf_witness");
  } catch (const Error&) {
    rvf.clear();
  }
  if (rvf.size() != 32) mismatch("rvf_witness '" + record.rvf_witness.substr(0, 80) + "' is not 64 hex digits");
  std::vector<std::uint8_t> entry;
  witness::append_bytes(entry, crypto::as_bytes(kLogEntryTag));
  witness::append_bytes(entry, rvf);
  witness::append_bytes(entry, record.content.root);
  witness::append_bytes(entry, record.index_root);
  witness::append_u64le(entry, record.index_bytes);
  return entry;
}

witness::Hash index_bytes_root(ByteSource& source, unsigned threads) {
  // Read a batch of chunks, hash them in parallel, fold them in order: 16 MiB in memory at a time.
  constexpr std::uint64_t kBatchChunks = 16;
  const std::uint64_t total = source.size();
  witness::StreamingMerkleRoot root;
  std::vector<std::uint8_t> buffer;
  std::vector<witness::Hash> leaves(kBatchChunks);
  for (std::uint64_t begin = 0; begin < total; begin += kBatchChunks * kIndexChunkBytes) {
    const auto bytes = static_cast<std::size_t>(std::min(total - begin, kBatchChunks * kIndexChunkBytes));
    buffer.resize(bytes);
    source.read(begin, buffer.data(), bytes);
    const std::size_t chunks = (bytes + kIndexChunkBytes - 1) / kIndexChunkBytes;
    parallel_for(chunks, threads, 1, [&](std::size_t from, std::size_t to) {
      for (std::size_t c = from; c < to; ++c) {
        const std::size_t at = c * kIndexChunkBytes;
        leaves[c] =
            witness::leaf_hash(std::span(buffer).subspan(at, std::min<std::size_t>(kIndexChunkBytes, bytes - at)));
      }
    });
    for (std::size_t c = 0; c < chunks; ++c) root.add_leaf_hash(leaves[c]);
  }
  return root.root();
}

witness::ContentParams content_params_of(const rabitq::RabitqIndex& index, const witness::Generation& generation) {
  witness::ContentParams p;
  p.dim = static_cast<std::uint32_t>(index.dim());
  p.metric = std::string(metric_name(index.metric()));
  p.rotation_kind = std::string(rabitq::rotation_name(index.rotation_kind()));
  p.rotation_seed = index.seed();
  p.bits = static_cast<std::uint32_t>(index.bits());
  p.generation = generation;
  return p;
}

namespace {

// Feeds rows to a content witness in batches of consecutive lists: a list holds about n / nlist
// rows, below add_rows's parallel grain, so list by list the leaves would be hashed on one thread.
class BatchedRows {
 public:
  BatchedRows(witness::ContentWitnessBuilder& builder, unsigned threads) : builder_(&builder), threads_(threads) {}
  void add(std::span<const std::uint64_t> ids, std::span<const float> rows) {
    ids_.insert(ids_.end(), ids.begin(), ids.end());
    rows_.insert(rows_.end(), rows.begin(), rows.end());
    if (ids_.size() >= kBatchRows) flush();
  }
  void flush() {
    builder_->add_rows(ids_, rows_, threads_);
    ids_.clear();
    rows_.clear();
  }

 private:
  static constexpr std::size_t kBatchRows = 16384;
  witness::ContentWitnessBuilder* builder_;
  unsigned threads_;
  std::vector<std::uint64_t> ids_;
  std::vector<float> rows_;
};

}  // namespace

witness::ContentWitness content_witness_of(const rabitq::RabitqIndex& index, const witness::Generation& generation,
                                           unsigned threads) {
  witness::ContentWitnessBuilder builder(content_params_of(index, generation));
  BatchedRows batches(builder, threads);
  index.for_each_stored_rows(
      [&](std::span<const std::uint64_t> ids, std::span<const float> rows) { batches.add(ids, rows); });
  batches.flush();
  return builder.finish();
}

namespace {

// The content tree's leaves [begin, end) in storage order, hashed into `out`; `list_starts` holds
// each list's first leaf number (and the total at the end).
void hash_content_block(const rabitq::RabitqIndex& index, const std::vector<std::uint64_t>& list_starts,
                        std::uint64_t begin, std::uint64_t end, witness::StreamingMerkleRoot& out) {
  const std::size_t dim = index.dim();
  std::vector<float> decoded;
  auto list = static_cast<std::size_t>(std::upper_bound(list_starts.begin(), list_starts.end(), begin) -
                                       list_starts.begin() - 1);
  for (std::uint64_t leaf = begin; leaf < end; ++list) {
    const rabitq::StoredRows rows = index.stored_rows(list);
    const auto from = static_cast<std::size_t>(leaf - list_starts[list]);
    const auto to = static_cast<std::size_t>(std::min(end, list_starts[list + 1]) - list_starts[list]);
    for (std::size_t pos = from; pos < to; ++pos) {
      std::span<const float> row;
      if (!rows.f32.empty()) {
        row = rows.f32.subspan(pos * dim, dim);
      } else {
        decoded.resize(dim);
        rabitq::half_row_to_float(&rows.f16[pos * dim], decoded.data(), dim);
        row = decoded;
      }
      for (const float v : row) {
        if (!std::isfinite(v)) {
          throw_error(ErrorCode::kPersistError, "corrupt index: stored vector of id " + std::to_string(rows.ids[pos]) +
                                                    " holds a non-finite value");
        }
      }
      out.add_leaf_hash(witness::content_vector_leaf(rows.ids[pos], row));
    }
    leaf += to - from;
  }
}

}  // namespace

IndexAndContentRoots index_and_content_roots(std::span<const std::uint8_t> file, const rabitq::RabitqIndex& index,
                                             const witness::Generation& generation, unsigned threads,
                                             std::size_t block_leaves) {
  if (block_leaves == 0 || (block_leaves & (block_leaves - 1)) != 0) {
    throw_error(ErrorCode::kInvalidInput, "block_leaves must be a power of two, got " + std::to_string(block_leaves));
  }
  if (index.store() == rabitq::VectorStore::kNone) {
    throw_error(ErrorCode::kInvalidInput, "the index stores no vectors (store 'none'): it has no rows to hash");
  }
  const witness::ContentParams params = content_params_of(index, generation);
  std::vector<std::uint64_t> list_starts{0};
  for (std::size_t l = 0; l < index.nlist(); ++l)
    list_starts.push_back(list_starts.back() + index.stored_rows(l).ids.size());
  // Counts of what is in memory: they fit size_t on every target.
  const auto rows = static_cast<std::size_t>(list_starts.back());
  const std::size_t blocks = (rows + block_leaves - 1) / block_leaves;
  const std::size_t chunk_bytes = kIndexChunkBytes;
  const std::size_t chunks = (file.size() + chunk_bytes - 1) / chunk_bytes;
  // Tasks in file order (a block's rows lie at about the same fraction of the file as its leaves
  // of all leaves): the threads walk the file front to back together, each region once.
  struct Task {
    double at;
    bool content;
    std::size_t number;
  };
  std::vector<Task> tasks;
  tasks.reserve(chunks + blocks);
  for (std::size_t c = 0; c < chunks; ++c) {
    tasks.push_back({static_cast<double>(c) / static_cast<double>(chunks), false, c});
  }
  for (std::size_t b = 0; b < blocks; ++b) {
    tasks.push_back({static_cast<double>(b) / static_cast<double>(blocks), true, b});
  }
  std::stable_sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.at < b.at; });
  std::vector<witness::Hash> chunk_leaves(chunks);
  std::vector<witness::StreamingMerkleRoot> block_roots(blocks);
  parallel_for(tasks.size(), threads, 1, [&](std::size_t from, std::size_t to) {
    for (std::size_t t = from; t < to; ++t) {
      const Task& task = tasks[t];
      if (task.content) {
        const std::size_t begin = task.number * block_leaves;
        hash_content_block(index, list_starts, begin, std::min(rows, begin + block_leaves), block_roots[task.number]);
      } else {
        const std::size_t at = task.number * chunk_bytes;
        chunk_leaves[task.number] = witness::leaf_hash(file.subspan(at, std::min(chunk_bytes, file.size() - at)));
      }
    }
  });
  witness::StreamingMerkleRoot file_tree;
  for (const witness::Hash& leaf : chunk_leaves) file_tree.add_leaf_hash(leaf);
  witness::StreamingMerkleRoot data_tree;
  for (const witness::StreamingMerkleRoot& block : block_roots) data_tree.append(block);
  IndexAndContentRoots out;
  out.index_root = file_tree.root();
  out.content.params_hash = witness::content_params_hash(params);
  out.content.data_root = data_tree.root();
  out.content.count = data_tree.size();
  out.content.root = witness::node_hash(out.content.params_hash, out.content.data_root);
  return out;
}

BundleWitness make_bundle_witness(const BundleSidecar& sidecar, const rabitq::RabitqIndex& index,
                                  std::span<const std::uint8_t> index_bytes, unsigned threads) {
  BundleWitness r;
  r.rvf_witness = sidecar.rvf_witness;
  r.params = content_params_of(index, sidecar.bundle.generation);
  r.content = content_witness_of(index, sidecar.bundle.generation, threads);
  r.index_bytes = index_bytes.size();
  SpanSource source(index_bytes);
  r.index_root = index_bytes_root(source, threads);
  return r;
}

void check_bundle_witness(const BundleWitness& record, const BundleSidecar& sidecar,
                          const witness::ContentParams& params, const witness::ContentWitness& content,
                          std::uint64_t index_bytes, const witness::Hash& index_root) {
  if (record.rvf_witness != sidecar.rvf_witness) {
    mismatch(std::string(kWitnessFileName) + " is for bundle witness " + record.rvf_witness.substr(0, 80) + ", " +
             kSidecarFileName + " has " + sidecar.rvf_witness);
  }
  if (sidecar.bundle.dim != params.dim) {
    mismatch(std::string(kSidecarFileName) + " says dim " + std::to_string(sidecar.bundle.dim) + ", " + kIndexFileName +
             " has dim " + std::to_string(params.dim));
  }
  witness::check_content_witness(record.content, content, &record.params, &params);
  if (witness::content_params_hash(record.params) != record.content.params_hash) {
    mismatch(std::string(kWitnessFileName) + "'s params do not hash to its params_hash");
  }
  if (index_bytes != record.index_bytes || index_root != record.index_root) {
    mismatch(std::string(kIndexFileName) +
             " differs from the published bytes outside the vectors and ids (codes, "
             "factors or centroids): " +
             std::to_string(index_bytes) + " bytes with root " + witness::to_hex(index_root) + ", published " +
             std::to_string(record.index_bytes) + " bytes with root " + witness::to_hex(record.index_root));
  }
}

void parse_index_checked(const BundleWitness& record, std::uint64_t index_bytes, const witness::Hash& index_root,
                         const std::function<void()>& read_index) {
  try {
    read_index();
  } catch (const Error& e) {
    if (index_bytes == record.index_bytes && index_root == record.index_root) throw;
    mismatch(std::string(kIndexFileName) + " is not the published file (" + std::to_string(index_bytes) +
             " bytes with root " + witness::to_hex(index_root) + ", published " + std::to_string(record.index_bytes) +
             " bytes with root " + witness::to_hex(record.index_root) + ") and does not load: " + e.what());
  }
}

BundleInfo read_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                       unsigned threads) {
  BundleInfo info{parse_sidecar(sidecar_json), parse_bundle_witness(witness_json), std::nullopt};
  const witness::Hash root = index_bytes_root(index, threads);
  witness::ContentParams params;
  std::optional<witness::ContentWitnessBuilder> builder;
  std::optional<BatchedRows> batches;
  parse_index_checked(info.witness, index.size(), root, [&] {
    const rabitq::IndexSummary scanned = rabitq::RabitqIndex::scan_stored_rows(
        index,
        [&](const rabitq::IndexSummary& s) {
          if (s.store == rabitq::VectorStore::kNone) {
            throw_error(ErrorCode::kPersistError, "the index stores no vectors: a bundle's index stores them");
          }
          params.dim = static_cast<std::uint32_t>(s.dim);
          params.metric = std::string(metric_name(s.metric));
          params.rotation_kind = std::string(rabitq::rotation_name(s.rotation));
          params.rotation_seed = s.seed;
          params.bits = static_cast<std::uint32_t>(s.bits);
          params.generation = info.sidecar.bundle.generation;
          builder.emplace(params);
          batches.emplace(*builder, threads);
        },
        [&](std::span<const std::uint64_t> ids, std::span<const float> rows) { batches->add(ids, rows); });
    if (batches) batches->flush();
    if (!scanned.checksum_ok && index.size() == info.witness.index_bytes && root == info.witness.index_root) {
      throw_error(ErrorCode::kPersistError, "corrupt index: checksum mismatch (in the published file itself)");
    }
  });
  if (!builder.has_value()) throw_error(ErrorCode::kPersistError, "corrupt index: no header was read");
  check_bundle_witness(info.witness, info.sidecar, params, builder->finish(), index.size(), root);
  return info;
}

witness::Checkpoint verify_bundle_log(const BundleWitness& record, std::span<const witness::NoteVerifier> trusted) {
  if (trusted.empty()) throw_error(ErrorCode::kInvalidInput, "verifying a bundle needs at least one trusted key");
  if (!record.log) {
    mismatch("the bundle carries no transparency-log proof (it was published without a signer)");
  }
  const BundleLogProof& log = *record.log;
  const std::uint64_t leaf_index = log.leaf_index;
  witness::Checkpoint checkpoint = witness::verify_checkpoint(log.checkpoint, trusted);
  if (checkpoint.size != log.tree_size) {
    mismatch("the log proof is for tree size " + std::to_string(log.tree_size) + ", the checkpoint has size " +
             std::to_string(checkpoint.size));
  }
  try {
    witness::verify_inclusion(witness::leaf_hash(bundle_log_entry(record)), log.leaf_index, log.tree_size,
                              log.inclusion_proof, checkpoint.root);
  } catch (const Error& e) {
    mismatch("the bundle's entry is not in the log at leaf " + std::to_string(leaf_index) +
             " under the checkpoint of size " + std::to_string(checkpoint.size) + " (" + e.what() + ")");
  }
  return checkpoint;
}

bool trusted_by(const BundleTrust& trust, std::span<const witness::NoteVerifier> required) {
  if (required.empty()) return true;
  return std::any_of(trust.signers.begin(), trust.signers.end(), [&](const witness::NoteVerifier& signer) {
    return std::any_of(required.begin(), required.end(), [&](const witness::NoteVerifier& key) {
      return key.name() == signer.name() && key.public_key() == signer.public_key();
    });
  });
}

std::vector<witness::NoteVerifier> signers_among(std::string_view note,
                                                 std::span<const witness::NoteVerifier> trusted) {
  const std::vector<witness::NoteSignature> verified = witness::open_note(note, trusted).verified;
  std::vector<witness::NoteVerifier> signers;
  for (const witness::NoteVerifier& key : trusted) {
    const bool signed_it = std::any_of(verified.begin(), verified.end(), [&](const witness::NoteSignature& s) {
      return s.name == key.name() && s.key_hash == key.key_hash();
    });
    if (signed_it) signers.push_back(key);
  }
  return signers;
}

namespace {

// verify_bundle_log when keys are given, and who of them signed.
BundleTrust log_trust(const BundleWitness& record, std::span<const witness::NoteVerifier> trusted) {
  BundleTrust trust;
  if (trusted.empty()) return trust;
  (void)verify_bundle_log(record, trusted);  // refuses a record without a log proof
  if (!record.log) return trust;
  trust.signers = signers_among(record.log->checkpoint, trusted);
  return trust;
}

}  // namespace

BundleInfo verify_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                         std::span<const witness::NoteVerifier> trusted, unsigned threads) {
  if (trusted.empty()) throw_error(ErrorCode::kInvalidInput, "verifying a bundle needs at least one trusted key");
  BundleInfo info = read_bundle(sidecar_json, witness_json, index, threads);
  info.checkpoint = verify_bundle_log(info.witness, trusted);
  return info;
}

LoadedBundle load_verified_bundle(std::string_view sidecar_json, std::string_view witness_json, ByteSource& index,
                                  std::span<const witness::NoteVerifier> trusted, unsigned threads) {
  BundleSidecar sidecar = parse_sidecar(sidecar_json);
  const BundleWitness record = parse_bundle_witness(witness_json);
  BundleTrust trust = log_trust(record, trusted);
  const witness::Hash root = index_bytes_root(index, threads);
  if (index.size() != record.index_bytes || root != record.index_root) {
    // Not the published bytes: the streaming read names what differs (and always throws here).
    (void)read_bundle(sidecar_json, witness_json, index, threads);
  }
  rabitq::RabitqIndex loaded = rabitq::RabitqIndex::deserialize(index);
  const witness::Generation& generation = sidecar.bundle.generation;
  check_bundle_witness(record, sidecar, content_params_of(loaded, generation),
                       content_witness_of(loaded, generation, threads), index.size(), root);
  trust.index_root = root;
  loaded.warm_up();  // the checks streamed every row: the first search would find its data evicted
  return {std::move(sidecar), std::move(loaded), std::move(trust)};
}

#if !defined(__EMSCRIPTEN__)
LoadedBundle load_verified_bundle(std::string_view sidecar_json, std::string_view witness_json,
                                  const std::shared_ptr<MappedFile>& index,
                                  std::span<const witness::NoteVerifier> trusted, unsigned threads) {
  BundleSidecar sidecar = parse_sidecar(sidecar_json);
  const BundleWitness record = parse_bundle_witness(witness_json);
  BundleTrust trust = log_trust(record, trusted);
  std::optional<rabitq::RabitqIndex> loaded;
  try {
    loaded.emplace(rabitq::RabitqIndex::map(index));
  } catch (const Error&) {
    // Unless these are the published bytes (then the publisher's file is bad: its error stands),
    // the streaming check names what differs; it throws whenever the bytes differ.
    const witness::Hash root = index_bytes_root(index->reader(), threads);
    if (index->bytes().size() != record.index_bytes || root != record.index_root) {
      (void)read_bundle(sidecar_json, witness_json, index->reader(), threads);
    }
    throw;
  }
  const witness::Generation& generation = sidecar.bundle.generation;
  const IndexAndContentRoots roots = index_and_content_roots(index->bytes(), *loaded, generation, threads);
  loaded->check_unique_ids();  // the third check the mapped load defers (the roots did CRC and finite rows)
  check_bundle_witness(record, sidecar, content_params_of(*loaded, generation), roots.content, index->bytes().size(),
                       roots.index_root);
  trust.index_root = roots.index_root;
  // The roots read every byte through this mapping (so its pages are mapped), but evicted from the
  // CPU caches what each search reads; warm_up reads that back and runs the search code once.
  loaded->warm_up();
  return {std::move(sidecar), std::move(*loaded), std::move(trust)};
}
#endif

namespace {

std::string read_text(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_file(path);
  return {bytes.begin(), bytes.end()};
}

}  // namespace

BundleInfo read_bundle_dir(const std::string& dir, unsigned threads) {
  const std::string sidecar = read_text(dir + "/" + kSidecarFileName);
  const std::string record = read_text(dir + "/" + kWitnessFileName);
  FileSource index(dir + "/" + kIndexFileName);
  return read_bundle(sidecar, record, index, threads);
}

BundleInfo verify_bundle_dir(const std::string& dir, std::span<const witness::NoteVerifier> trusted, unsigned threads) {
  if (trusted.empty()) throw_error(ErrorCode::kInvalidInput, "verifying a bundle needs at least one trusted key");
  BundleInfo info = read_bundle_dir(dir, threads);
  info.checkpoint = verify_bundle_log(info.witness, trusted);
  return info;
}

}  // namespace ruvector::lake
