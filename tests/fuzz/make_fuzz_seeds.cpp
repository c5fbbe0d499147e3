// Writes the seed corpora that only the core can produce, into DIR/<target>/:
//  - rabitq_load: small indexes saved by the builder, one per setting the format has a branch for
//    (bits 1 / extended, every store, metric and rotation, one- and two-level quantizer, rows
//    removed, empty, a calibration table);
//  - witness_checkpoint: tlog checkpoints signed with the keys fuzz_verify_checkpoint trusts (and
//    with an unknown one), with and without extension lines;
//  - lake_files: FsBackend manifests (no, one, several segments) and segment files;
//  - collection_load: saved collections (empty, hash and function encoders, metadata, removed rows,
//    the largest id).
// Usage: make_fuzz_seeds DIR. scripts/fuzz runs it into the build tree on every run, so the seeds
// follow format changes; tests/fuzz/<target>/ holds the committed copies.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ruvector/collection/collection.hpp"
#include "ruvector/lake/fs_format.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "ruvector/witness/checkpoint.hpp"

namespace rq = ruvector::rabitq;

namespace {

std::vector<float> rows(std::size_t n, std::size_t dim, unsigned salt) {
  std::vector<float> out(n * dim);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i * (salt + 3U)) + salt));
  }
  return out;
}

void write(const std::string& dir, const std::string& name, const void* bytes, std::size_t size) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name, std::ios::binary)
      .write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  std::printf("%s/%s: %zu bytes\n", dir.c_str(), name.c_str(), size);
}

void write(const std::string& dir, const std::string& name, const rq::RabitqIndex& index) {
  const auto bytes = index.serialize();
  write(dir, name, bytes.data(), bytes.size());
}

void write_checkpoints(const std::string& dir) {
  namespace w = ruvector::witness;
  // The keys of ruvector::witness::fuzz_verify_checkpoint, and one it does not know.
  const std::array<w::NoteSigner, 3> signers = {
      w::NoteSigner("fuzz.example/log", std::array<std::uint8_t, 32>{1}),
      w::NoteSigner("a", std::array<std::uint8_t, 32>{2}),
      w::NoteSigner("other.example/log", std::array<std::uint8_t, 32>{3}),
  };
  w::Checkpoint c;
  c.origin = "fuzz.example/log";
  c.size = 12345;
  for (std::size_t i = 0; i < c.root.size(); ++i) c.root[i] = static_cast<std::uint8_t>(i * 7);
  const auto save = [&](const std::string& name, const std::string& note) {
    write(dir, name, note.data(), note.size());
  };
  save("signed_by_log_key", w::sign_checkpoint(c, std::span(signers).first(1)));
  save("signed_by_both_keys", w::sign_checkpoint(c, std::span(signers).first(2)));
  save("signed_by_unknown_key", w::sign_checkpoint(c, std::span(signers).subspan(2)));
  c.extensions = {"extension one", "— second, not ASCII"};
  c.size = 0;
  save("with_extensions", w::sign_checkpoint(c, std::span(signers).subspan(1)));
}

void write_lake_files(const std::string& dir) {
  namespace lake = ruvector::lake;
  const auto save = [&](const std::string& name, const std::vector<std::uint8_t>& bytes) {
    write(dir, name, bytes.data(), bytes.size());
  };
  const std::vector<std::uint64_t> ids = {3, 1, 4, 1000000007, 5};
  const std::vector<float> vectors = rows(ids.size(), 3, 11);
  const auto segment = lake::serialize_segment(3, ids, vectors);
  save("segment_dim3_rows5", segment);
  save("segment_empty", lake::serialize_segment(7, {}, {}));
  lake::Manifest manifest;
  manifest.dim = 3;
  manifest.lineage = 0x9E3779B97F4A7C15ULL;
  save("manifest_new", lake::serialize_manifest(manifest));
  manifest.generation = 4;
  manifest.next_segment = 3;
  manifest.segments = {{0, 5, lake::segment_checksum(segment)}, {2, 5, lake::segment_checksum(segment)}};
  save("manifest_two_segments", lake::serialize_manifest(manifest));
}

void write_collections(const std::string& dir) {
  const auto save = [&dir](const char* name, const ruvector::Collection& collection) {
    const std::vector<std::uint8_t> bytes = collection.serialize();
    write(dir, name, bytes.data(), bytes.size());
  };
  ruvector::HashEmbedderOptions small;
  small.dim = 16;
  const auto hash = ruvector::hash_collection_encoder(ruvector::HashEmbedder(small));
  save("empty", ruvector::Collection(hash));
  ruvector::Collection texts(hash);
  const std::vector<std::string_view> docs = {"the cat sat", "stock markets fell", "δέλτα 雨", ""};
  const std::vector<std::string_view> metas = {R"({"a":1})", "", R"({"b":[true,null,"x"],"c":{"d":2.5}})", "{}"};
  texts.add(docs, {}, metas);
  save("hash_with_metadata", texts);
  texts.remove(std::vector<std::uint64_t>{1});
  save("hash_row_removed", texts);
  const auto function = ruvector::function_collection_encoder(
      3, [](std::span<const std::string_view> t) { return std::vector<float>(t.size() * 3, 0.5F); });
  ruvector::CollectionOptions l2;
  l2.metric = ruvector::Metric::kL2;
  ruvector::Collection largest(function, l2);
  largest.add(std::vector<std::string_view>{"x", "y"}, std::vector<std::uint64_t>{7, UINT64_MAX});
  save("function_l2_largest_id", largest);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string root = argv[1];
  write_checkpoints(root + "/witness_checkpoint");
  write_lake_files(root + "/lake_files");
  write_collections(root + "/collection_load");
  const std::string dir = root + "/rabitq_load";
  struct Case {
    const char* name;
    std::size_t n, dim;
    int bits;
    rq::VectorStore store;
    ruvector::Metric metric;
    rq::RotationKind rotation;
    std::int64_t nlist;
  };
  using VS = rq::VectorStore;
  using M = ruvector::Metric;
  using R = rq::RotationKind;
  const Case cases[] = {
      {"flat_l2_bits1_f32", 40, 8, 1, VS::kF32, M::kL2, R::kHadamard, 1},
      {"flat_cosine_bits3_f16", 40, 5, 3, VS::kF16, M::kCosine, R::kHaar, 1},
      {"ivf_ip_bits8_none", 60, 3, 8, VS::kNone, M::kInnerProduct, R::kHaar, 4},
      {"ivf_l2_bits2_f32_haar", 70, 17, 2, VS::kF32, M::kL2, R::kHaar, 3},
      {"ivf_two_level_bits1_none", 300, 2, 1, VS::kNone, M::kL2, R::kHadamard, 256},
  };
  unsigned salt = 1;
  for (const Case& c : cases) {
    rq::BuildParams params;
    params.bits = c.bits;
    params.store = c.store;
    params.metric = c.metric;
    params.rotation = c.rotation;
    params.nlist = c.nlist;
    params.threads = 1;
    write(dir, c.name, rq::RabitqIndex::build(rows(c.n, c.dim, salt++), c.dim, {}, params));
  }
  // Rows removed (holes in the lists) and an index emptied by remove.
  rq::BuildParams params;
  params.nlist = 2;
  auto holes = rq::RabitqIndex::build(rows(50, 6, 9), 6, {}, params);
  const std::vector<std::uint64_t> some = {0, 7, 8, 49};
  holes.remove(some);
  write(dir, "ivf_removed_rows", holes);
  std::vector<std::uint64_t> all(50);
  for (std::uint64_t i = 0; i < 50; ++i) all[i] = i;
  holes.remove(all);
  write(dir, "emptied", holes);
  // A calibrated build (from kCalibrateFrom rows) keeps its table when rows are removed: a small
  // file with a calibration section.
  rq::BuildParams calibrated;
  calibrated.store = rq::VectorStore::kNone;
  calibrated.threads = 1;
  auto table = rq::RabitqIndex::build(rows(rq::kCalibrateFrom, 2, 11), 2, {}, calibrated);
  std::vector<std::uint64_t> most(rq::kCalibrateFrom - 40);
  for (std::uint64_t i = 0; i < most.size(); ++i) most[i] = i;
  table.remove(most);
  write(dir, "calibrated_rows_removed", table);
  return 0;
}
