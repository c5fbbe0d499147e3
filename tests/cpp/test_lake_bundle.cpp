// Bundle sidecars against upstream's own files, and the lake's publish / warm restart / refresh.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "error_of.hpp"
#include "golden.hpp"
#include "minor_faults.hpp"
#include "normal_values.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/witness/transparency_log.hpp"
#include "temp_dir.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;
using ruvector::test::TempDir;

TEST_CASE("lake sidecar: reads upstream's files and writes them back byte for byte", "[lake]") {
  const auto& data = ruvector::test::golden_file("witness/upstream_bundle_witness.json");
  const auto& vectors = data.at("vectors").as_array();
  REQUIRE(vectors.size() >= 5);
  for (const auto& v : vectors) {
    const std::string upstream(v.at("bundle_json_upstream").as_string());
    INFO(upstream);
    const BundleSidecar sidecar = parse_sidecar(upstream);
    CHECK(sidecar.rvf_witness == v.at("witness_hex").as_string());
    CHECK(sidecar_to_json(sidecar) == upstream);
    CHECK(sidecar_to_json(make_sidecar(sidecar.bundle)).size() > 0);
  }
}

TEST_CASE("lake sidecar: tampering and hostile input", "[lake]") {
  BundleDescriptor bundle{"gs://bucket/x.parquet", 128, 42, 20, std::uint64_t{7}};
  const std::string good = sidecar_to_json(make_sidecar(bundle));
  CHECK(parse_sidecar(good).bundle.dim == 128);

  std::string other_dim = good;
  other_dim.replace(other_dim.find("128"), 3, "129");
  CHECK(code_of([&] { (void)parse_sidecar(other_dim); }) == ErrorCode::kWitnessMismatch);
  std::string other_generation = good;
  other_generation.replace(other_generation.find("\"generation\": 7"), 15, "\"generation\": \"7\"");
  CHECK(code_of([&] { (void)parse_sidecar(other_generation); }) == ErrorCode::kWitnessMismatch);

  for (std::size_t len = 0; len < good.size(); ++len) {
    INFO("truncated to " << len);
    CHECK(code_of([&] { (void)parse_sidecar(good.substr(0, len)); }) == ErrorCode::kPersistError);
  }
  CHECK(message_of([] { (void)parse_sidecar("[1]"); }).find("not a JSON object") != std::string::npos);
  CHECK(message_of([] { (void)parse_sidecar(R"({"format_version": 3})"); }).find("newer") != std::string::npos);
  CHECK(message_of([] { (void)parse_sidecar(R"({"format_version": 2, "data_ref": 5})"); }).find("'data_ref'") !=
        std::string::npos);
  CHECK(message_of([] {
          (void)parse_sidecar(R"({"format_version":2,"data_ref":"x","dim":-1})");
        }).find("non-negative") != std::string::npos);
  CHECK(code_of([] { (void)parse_sidecar(std::string(70'000, ' ')); }) == ErrorCode::kPersistError);
  CHECK(code_of([] { (void)parse_sidecar("[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]"); }) ==
        ErrorCode::kPersistError);
}

namespace {

LakeOptions one_thread(Consistency consistency = Consistency::fresh()) {
  LakeOptions options;
  options.consistency = consistency;
  options.threads = 1;
  return options;
}

}  // namespace

TEST_CASE("lake bundles: warm restart keeps 64-bit ids and answers like the cold lake", "[lake]") {
  TempDir root;
  struct {
    std::string path;
  } dir{root.path + "/snap"};
  const std::size_t dim = 16;
  const std::size_t n = 300;
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = top - 3 * i;  // all above 2^63, none fits 32 bits
  const auto vectors = normal_values(n * dim, 40);
  auto backend = std::make_shared<LocalBackend>("mem");
  backend->put_collection("docs", dim, ids, vectors);
  const CollectionKey key{"mem", "docs"};
  const auto queries = normal_values(8 * dim, 41);

  Lake cold(one_thread());
  cold.register_backend(backend);
  CHECK(code_of([&] { (void)cold.save_cache_to_dir(key, dir.path); }) == ErrorCode::kInvalidInput);  // not primed
  const SearchResults before = cold.search(key, queries, 10);
  const std::string sidecar_path = cold.save_cache_to_dir(key, dir.path);
  CHECK(sidecar_path == dir.path + "/table.rulake.json");
  CHECK(std::filesystem::exists(dir.path + "/index.rvq"));

  // A new process: no backend registered, nothing primed.
  Lake warm(one_thread(Consistency::frozen()));
  CHECK(warm.warm_from_dir(key, dir.path) == n);
  const SearchResults after = warm.search(key, queries, 10);
  CHECK(after.ids == before.ids);
  CHECK(after.distances == before.distances);
  const auto s = warm.stats();
  CHECK(s.primes == 0);
  CHECK(s.warm_installs == 1);
  CHECK(warm.witness_of(key) == cold.witness_of(key));

  // With the backend registered and Fresh, the warm entry is current: a hit, not a prime.
  Lake fresh(one_thread());
  fresh.register_backend(backend);
  (void)fresh.warm_from_dir(key, dir.path);
  (void)fresh.search(key, queries, 10);
  CHECK(fresh.stats().primes == 0);
  CHECK(fresh.stats().hits == 1);

  SECTION("a lake with other parameters refuses the snapshot") {
    LakeOptions other = one_thread();
    other.rotation_seed = 7;
    Lake mismatched(other);
    CHECK(message_of([&] { (void)mismatched.warm_from_dir(key, dir.path); }).find("rotation_seed 42") !=
          std::string::npos);
    LakeOptions ip = one_thread();
    ip.metric = Metric::kInnerProduct;
    Lake by_ip(ip);
    CHECK(message_of([&] { (void)by_ip.warm_from_dir(key, dir.path); }).find("metric l2") != std::string::npos);
    LakeOptions four_bits = one_thread();
    four_bits.bits = 4;
    Lake by_bits(four_bits);
    CHECK(message_of([&] {
            (void)by_bits.warm_from_dir(key, dir.path);
          }).find("has index bits " + std::to_string(rabitq::kDefaultBits) + ", this lake uses 4") !=
          std::string::npos);
    CHECK(by_bits.entry_count() == 0);
  }
  SECTION("a corrupt index or a tampered sidecar is refused") {
    auto bytes = read_file(dir.path + "/index.rvq");
    bytes[bytes.size() / 2] ^= 1U;
    write_file_atomic(dir.path + "/index.rvq", bytes);
    Lake victim(one_thread());
    // Not the published bytes: a witness mismatch naming what differs, not the loader's checksum.
    CHECK(message_of([&] { (void)victim.warm_from_dir(key, dir.path); }).find("checksum") == std::string::npos);
    CHECK(code_of([&] { (void)victim.warm_from_dir(key, dir.path); }) == ErrorCode::kWitnessMismatch);
    CHECK(victim.stats().warm_installs == 0);
    auto sidecar = read_file(sidecar_path);
    std::string text(sidecar.begin(), sidecar.end());
    text.replace(text.find("\"dim\": 16"), 9, "\"dim\": 17");
    write_file_atomic(sidecar_path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    CHECK(code_of([&] { (void)victim.warm_from_dir(key, dir.path); }) == ErrorCode::kWitnessMismatch);
  }
}

#if defined(__linux__)
TEST_CASE("lake bundles: the first search after warm_from_dir faults no page in", "[lake][mapped]") {
  // warm_from_dir serves from the mapping its checks read through, then warms the index up: the
  // first search finds every page it reads mapped (a second mapping, or checks read with pread,
  // would leave it to fault them in one by one).
  TempDir root;
  const std::string dir = root.path + "/snap";
  const std::size_t dim = 32;
  const std::size_t n = 6000;  // ~1 MB of rows over many pages
  std::vector<std::uint64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = 1000 + 7 * i;
  auto backend = std::make_shared<LocalBackend>("mem");
  backend->put_collection("docs", dim, ids, normal_values(n * dim, 50));
  const CollectionKey key{"mem", "docs"};
  Lake cold(one_thread());
  cold.register_backend(backend);
  cold.prime(key);
  (void)cold.save_cache_to_dir(key, dir);

  Lake warm(one_thread(Consistency::frozen()));
  REQUIRE(warm.warm_from_dir(key, dir) == n);
  const auto query = normal_values(dim, 51);
  SearchResults first;
  const std::int64_t faults = ruvector::test::minor_faults_of([&] { first = warm.search(key, query, 10); });
  if (ruvector::test::kAllocationsReuseFreedPages) CHECK(faults == 0);
  CHECK(first.ids == cold.search(key, query, 10).ids);
}
#endif

TEST_CASE("lake bundles: refresh_from_bundle_dir reports all four states", "[lake]") {
  TempDir dir;
  const std::size_t dim = 8;
  auto backend = std::make_shared<LocalBackend>("mem");
  std::vector<std::uint64_t> ids{1, 2, 3};
  backend->put_collection("docs", dim, ids, normal_values(3 * dim, 42));
  Lake lake(one_thread(Consistency::frozen()));
  lake.register_backend(backend);
  const CollectionKey key{"mem", "docs"};
  using R = Lake::RefreshResult;
  CHECK(lake.refresh_from_bundle_dir(key, dir.path + "/none") == R::kBundleMissing);
  const std::string v1 = dir.path + "/v1";
  (void)lake.publish_bundle(key, v1);  // primes on the way
  CHECK(lake.stats().primes == 1);
  CHECK(lake.refresh_from_bundle_dir(key, v1) == R::kUpToDate);

  Lake other(one_thread());
  other.register_backend(backend);
  CHECK(other.refresh_from_bundle_dir(key, v1) == R::kNotCached);  // upstream said UP_TO_DATE here

  const std::vector<std::uint64_t> more{4};
  backend->append("docs", more, normal_values(dim, 43));
  const std::string v2 = dir.path + "/v2";
  (void)other.publish_bundle(key, v2);
  CHECK(lake.refresh_from_bundle_dir(key, v2) == R::kInvalidated);  // Frozen, yet the operator can move it
  CHECK_FALSE(lake.witness_of(key).has_value());
  (void)lake.search(key, normal_values(dim, 44), 1);
  CHECK(lake.refresh_from_bundle_dir(key, v2) == R::kUpToDate);
}

namespace {

struct PublishedBundle {
  TempDir root;
  std::string dir = root.path + "/bundles/docs";
  std::string log = root.path + "/bundles/transparency-log";
  witness::NoteSigner signer = witness::NoteSigner::generate("example.com/lake");
  std::vector<witness::NoteVerifier> trusted{signer.verifier()};
  std::shared_ptr<LocalBackend> backend = std::make_shared<LocalBackend>("mem");
  CollectionKey key{"mem", "docs"};
  Lake lake{one_thread()};

  explicit PublishedBundle(std::size_t n = 100, std::size_t dim = 8) {
    std::vector<std::uint64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = (std::uint64_t{1} << 63U) + 7 * i;
    backend->put_collection("docs", dim, ids, normal_values(n * dim, 50));
    lake.register_backend(backend);
    (void)lake.publish_bundle(key, dir, &signer);
  }
  [[nodiscard]] std::string path(const char* name) const { return dir + "/" + name; }
};

std::string text_of(const std::string& path) {
  const auto bytes = read_file(path);
  return {bytes.begin(), bytes.end()};
}

void write_text(const std::string& path, const std::string& text) {
  write_file_atomic(path, crypto::as_bytes(text));
}

}  // namespace

TEST_CASE("lake bundles: publish logs the witness, signs a checkpoint, and the bundle verifies", "[lake][witness]") {
  PublishedBundle b;
  const BundleInfo info = verify_bundle_dir(b.dir, b.trusted);
  REQUIRE(info.checkpoint.has_value());
  CHECK(info.checkpoint->origin == "example.com/lake");
  CHECK(info.checkpoint->size == 1);
  CHECK(info.witness.content.count == 100);
  CHECK(info.witness.params.dim == 8);
  CHECK(info.witness.params.metric == "l2");
  CHECK(info.witness.rvf_witness == *b.lake.witness_of(b.key));
  // The content witness is the one computed from the backend's rows, in the index's storage order.
  const witness::TransparencyLog log(b.log);
  CHECK(log.size() == 1);
  CHECK(log.leaf_hash_at(0) == witness::leaf_hash(bundle_log_entry(info.witness)));
  CHECK(log.read_checkpoint() == info.witness.log->checkpoint);

  // A second publish replaces the bundle, grows the log, and the new checkpoint extends the old one.
  b.backend->append("docs", std::vector<std::uint64_t>{5}, normal_values(8, 51));
  (void)b.lake.publish_bundle(b.key, b.dir, &b.signer);
  const BundleInfo second = verify_bundle_dir(b.dir, b.trusted);
  CHECK(second.checkpoint->size == 2);
  CHECK(second.witness.content.count == 101);
  const witness::TransparencyLog grown(b.log);
  witness::verify_consistency(1, 2, grown.consistency_proof(1, 2), info.checkpoint->root, second.checkpoint->root);

  // Warm restart with the trusted key: verified, installed, searchable without a backend.
  Lake warm(one_thread(Consistency::frozen()));
  CHECK(warm.warm_from_dir(b.key, b.dir, b.trusted) == 101);
  CHECK(warm.search(b.key, normal_values(8, 52), 3).ids.size() == 3);

  SECTION("an unsigned bundle reads but does not verify") {
    const std::string unsigned_dir = b.root.path + "/bundles/plain";
    (void)b.lake.publish_bundle(b.key, unsigned_dir);
    CHECK(read_bundle_dir(unsigned_dir).witness.content.count == 101);
    CHECK(message_of([&] { (void)verify_bundle_dir(unsigned_dir, b.trusted); }).find("no transparency-log proof") !=
          std::string::npos);
    CHECK(code_of([&] { (void)verify_bundle_dir(unsigned_dir, {}); }) == ErrorCode::kInvalidInput);
  }
  SECTION("another key's signature is not trusted") {
    const witness::NoteSigner stranger = witness::NoteSigner::generate("example.com/lake");
    const std::vector<witness::NoteVerifier> other{stranger.verifier()};
    CHECK(code_of([&] { (void)verify_bundle_dir(b.dir, other); }) == ErrorCode::kWitnessMismatch);
    Lake victim(one_thread());
    CHECK(code_of([&] { (void)victim.warm_from_dir(b.key, b.dir, other); }) == ErrorCode::kWitnessMismatch);
    CHECK(victim.entry_count() == 0);
  }
  SECTION("a directory with someone else's files is never replaced") {
    const std::string mixed = b.root.path + "/mixed";
    std::filesystem::create_directories(mixed);
    write_text(mixed + "/notes.txt", "mine");
    CHECK(message_of([&] { (void)b.lake.publish_bundle(b.key, mixed); }).find("notes.txt") != std::string::npos);
    CHECK(text_of(mixed + "/notes.txt") == "mine");
  }
}

TEST_CASE("lake bundles: flipping any bit of the index file is a witness mismatch", "[lake][witness]") {
  PublishedBundle b(70, 8);
  const auto original = read_file(b.path(kIndexFileName));
  // Every bit of the header, then one bit of every 13th byte: ids, codes, factors, vectors, CRC.
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < 68 * 8; ++i) offsets.push_back(i);
  for (std::size_t i = 68; i < original.size(); i += 13) offsets.push_back(i * 8 + (i % 8));
  std::size_t named_data = 0;
  std::size_t named_params = 0;
  for (const std::size_t bit : offsets) {
    auto bytes = original;
    bytes[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
    write_file_atomic(b.path(kIndexFileName), bytes);
    INFO("bit " << bit);
    const std::string message = message_of([&] { (void)read_bundle_dir(b.dir); });
    CHECK(code_of([&] { (void)read_bundle_dir(b.dir); }) == ErrorCode::kWitnessMismatch);
    named_data += message.find("vector data differs") != std::string::npos ? 1 : 0;
    named_params += message.find("parameters differ") != std::string::npos ? 1 : 0;
    if (bit % 64 == 0) {
      Lake victim(one_thread());
      CHECK(code_of([&] { (void)victim.warm_from_dir(b.key, b.dir); }) == ErrorCode::kWitnessMismatch);
    }
  }
  CHECK(named_data > 10);   // flips in ids and vectors say so
  CHECK(named_params > 3);  // flips in the seed, metric, bits say so
  write_file_atomic(b.path(kIndexFileName), original);
  CHECK(verify_bundle_dir(b.dir, b.trusted).witness.content.count == 70);
}

TEST_CASE("lake bundles: tampering with the witness file, the sidecar or the checkpoint is caught", "[lake][witness]") {
  PublishedBundle b;
  const std::string record = text_of(b.path(kWitnessFileName));
  const BundleWitness parsed = parse_bundle_witness(record);
  CHECK(bundle_witness_to_json(parsed) == record);

  // Change one hex digit of each recorded hash (content witness, index root, proof), and the seed.
  const auto flip_digit = [](std::string text, std::size_t at) {
    text[at] = text[at] == '0' ? '1' : '0';
    return text;
  };
  for (const char* needle : {"\"root\":\"", "\"params_hash\":\"", "\"data_root\":\""}) {
    for (std::size_t at = record.find(needle); at != std::string::npos; at = record.find(needle, at + 1)) {
      const std::size_t digit = at + std::strlen(needle) + 5;
      write_text(b.path(kWitnessFileName), flip_digit(record, digit));
      INFO(needle << " at " << digit);
      CHECK(code_of([&] { (void)verify_bundle_dir(b.dir, b.trusted); }) == ErrorCode::kWitnessMismatch);
    }
  }
  const std::size_t proof_at = record.find("\"inclusion_proof\":[");
  REQUIRE(proof_at != std::string::npos);
  std::string other_seed = record;
  other_seed.replace(other_seed.find("\"rotation_seed\":42"), 18, "\"rotation_seed\":43");
  write_text(b.path(kWitnessFileName), other_seed);
  CHECK(message_of([&] { (void)read_bundle_dir(b.dir); }).find("params do not hash") != std::string::npos);

  // The checkpoint's signature and body.
  std::string note_tampered = record;
  const std::size_t sig = note_tampered.find("\u2014");
  const std::size_t em = sig != std::string::npos ? sig : note_tampered.find("\xE2\x80\x94");
  REQUIRE(em != std::string::npos);
  note_tampered = flip_digit(note_tampered, note_tampered.find(' ', em + 5) + 3);
  write_text(b.path(kWitnessFileName), note_tampered);
  CHECK(code_of([&] { (void)verify_bundle_dir(b.dir, b.trusted); }) == ErrorCode::kWitnessMismatch);

  // The leaf index.
  std::string other_leaf = record;
  other_leaf.replace(other_leaf.find("\"leaf_index\":0"), 14, "\"leaf_index\":1");
  write_text(b.path(kWitnessFileName), other_leaf);
  CHECK(code_of([&] { (void)verify_bundle_dir(b.dir, b.trusted); }) == ErrorCode::kWitnessMismatch);

  // The sidecar: another generation is another bundle witness.
  write_text(b.path(kWitnessFileName), record);
  const std::string sidecar = text_of(b.path(kSidecarFileName));
  std::string other_generation = sidecar;
  const std::size_t g = other_generation.find("\"generation\": ") + 14;
  other_generation[g] = other_generation[g] == '9' ? '8' : static_cast<char>(other_generation[g] + 1);
  write_text(b.path(kSidecarFileName), other_generation);
  CHECK(code_of([&] { (void)verify_bundle_dir(b.dir, b.trusted); }) == ErrorCode::kWitnessMismatch);
  write_text(b.path(kSidecarFileName), sidecar);
  CHECK(verify_bundle_dir(b.dir, b.trusted).checkpoint->size == 1);

  // Malformed witness files are PersistError, never a crash.
  for (std::size_t len = 0; len < record.size(); len += 7) {
    CHECK(code_of([&] { (void)parse_bundle_witness(record.substr(0, len)); }) == ErrorCode::kPersistError);
  }
}
TEST_CASE("lake bundles: warm_from_bytes with the witness file checks what warm_from_dir checks", "[lake][witness]") {
  PublishedBundle b;
  BundleBytes bytes{read_file(b.path(kSidecarFileName)),
                    read_file(b.path(kIndexFileName)),
                    "https://bundles.test/docs",
                    read_file(b.path(kWitnessFileName)),
                    {}};
  Lake warm(one_thread(Consistency::frozen()));
  CHECK(warm.warm_from_bytes(b.key, bytes, b.trusted) == 100);
  CHECK(warm.stats().warm_installs == 1);

  BundleBytes flipped = bytes;
  flipped.index[flipped.index.size() / 3] ^= 0x04U;
  Lake victim(one_thread());
  CHECK(code_of([&] { (void)victim.warm_from_bytes(b.key, flipped); }) == ErrorCode::kWitnessMismatch);
  BundleBytes no_witness = bytes;
  no_witness.witness.clear();
  CHECK(message_of([&] {
          (void)victim.warm_from_bytes(b.key, no_witness, b.trusted);
        }).find("no bundle.witness.json") != std::string::npos);
  CHECK(victim.warm_from_bytes(b.key, no_witness) == 100);  // the sidecar-only path still works
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("lake bundles: one parallel pass gives the sequential index root and content witness", "[lake][witness]") {
  PublishedBundle b(1000, 6);
  const auto file = read_file(b.path(kIndexFileName));
  const auto index = rabitq::RabitqIndex::deserialize(file);
  const witness::Generation generation = std::uint64_t{5};
  SpanSource source(file);
  const witness::Hash want_index = index_bytes_root(source, 1);
  const witness::ContentWitness want_content = content_witness_of(index, generation, 1);
  for (const std::size_t block : {1, 2, 8, 64, 512, 1024, 16384}) {
    for (const unsigned threads : {1U, 2U, 3U}) {
      INFO("block " << block << ", threads " << threads);
      const IndexAndContentRoots got = index_and_content_roots(file, index, generation, threads, block);
      CHECK(got.index_root == want_index);
      CHECK(got.content.root == want_content.root);
      CHECK(got.content.data_root == want_content.data_root);
      CHECK(got.content.count == 1000);
    }
  }
  CHECK(code_of([&] { (void)index_and_content_roots(file, index, generation, 1, 3); }) == ErrorCode::kInvalidInput);
  witness::StreamingMerkleRoot three;
  for (int i = 0; i < 3; ++i) three.add_leaf_hash(witness::Hash{});
  witness::StreamingMerkleRoot two = three;
  CHECK(code_of([&] { three.append(two); }) == ErrorCode::kInvalidInput);  // 2 leaves after 3: unaligned
}

namespace {

// Writes `bytes` as the bundle's index with a fresh CRC and a witness record that matches them, as a
// hostile publisher would (unsigned): only the checks of the index itself can refuse it.
void republish_unsigned(const PublishedBundle& b, std::vector<std::uint8_t>& bytes) {
  const std::uint32_t crc = crc32({bytes.data(), bytes.size() - 4});
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  write_file_atomic(b.path(kIndexFileName), bytes);
  BundleWitness record = parse_bundle_witness(text_of(b.path(kWitnessFileName)));
  record.log.reset();
  SpanSource source(bytes);
  record.index_root = index_bytes_root(source, 1);
  record.index_bytes = bytes.size();
  std::optional<witness::ContentWitnessBuilder> builder;
  SpanSource rows(bytes);
  (void)rabitq::RabitqIndex::scan_stored_rows(
      rows, [&](const rabitq::IndexSummary&) { builder.emplace(record.params); },
      [&](std::span<const std::uint64_t> ids, std::span<const float> values) { builder->add_rows(ids, values, 1); });
  record.content = builder->finish();
  write_text(b.path(kWitnessFileName), bundle_witness_to_json(record));
}

}  // namespace

TEST_CASE("lake bundles: a published non-finite row is refused by the mapped warm load", "[lake][witness]") {
  PublishedBundle b(100, 8);
  auto bytes = read_file(b.path(kIndexFileName));
  // The first stored row holds the collection's first vector's float32 bytes.
  const auto first = normal_values(8, 50);
  const auto* pattern = reinterpret_cast<const std::uint8_t*>(first.data());
  const auto at = std::search(bytes.begin(), bytes.end(), pattern, pattern + 32);
  REQUIRE(at != bytes.end());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&*at, &nan, 4);
  republish_unsigned(b, bytes);
  Lake victim(one_thread());
  CHECK(code_of([&] { (void)victim.warm_from_dir(b.key, b.dir); }) == ErrorCode::kPersistError);
  CHECK(message_of([&] { (void)victim.warm_from_dir(b.key, b.dir); }).find("non-finite") != std::string::npos);
}

TEST_CASE("lake bundles: a published duplicate id is refused by the mapped warm load", "[lake][witness]") {
  PublishedBundle b(100, 8);
  auto bytes = read_file(b.path(kIndexFileName));
  // Id 10 written over id 90's place (ids are 2^63 + 7i).
  const std::uint64_t id10 = (std::uint64_t{1} << 63U) + 70;
  const std::uint64_t id90 = (std::uint64_t{1} << 63U) + 630;
  const auto* pattern = reinterpret_cast<const std::uint8_t*>(&id90);
  const auto at = std::search(bytes.begin(), bytes.end(), pattern, pattern + 8);
  REQUIRE(at != bytes.end());
  std::memcpy(&*at, &id10, 8);
  republish_unsigned(b, bytes);
  Lake victim(one_thread());
  CHECK(message_of([&] { (void)victim.warm_from_dir(b.key, b.dir); }) ==
        "corrupt index: duplicate id " + std::to_string(id10));
  CHECK(code_of([&] { (void)victim.warm_from_dir(b.key, b.dir); }) == ErrorCode::kPersistError);
  CHECK(victim.entry_count() == 0);
}
#endif

#if !defined(__EMSCRIPTEN__)
namespace {

// A backend of one published bundle directory that trusts `keys` (as HttpBundleBackend with
// trusted keys): the lake describes the collection by the sidecar and installs the bundle's index.
class TrustingBundleBackend final : public Backend {
 public:
  TrustingBundleBackend(std::string id, std::string dir, std::vector<witness::NoteVerifier> keys)
      : id_(std::move(id)), dir_(std::move(dir)), keys_(std::move(keys)) {}
  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return {"docs"}; }
  [[nodiscard]] PulledBatch pull(const std::string& /*collection*/) const override {
    throw Error(ErrorCode::kInvalidInput, "serves bundles");
  }
  [[nodiscard]] Generation generation(const std::string& /*collection*/) const override {
    return parse_sidecar(text_of(dir_ + "/" + kSidecarFileName)).bundle.generation;
  }
  [[nodiscard]] BundleDescriptor current_bundle(const std::string& /*collection*/, std::uint64_t rotation_seed,
                                                std::uint64_t rerank_factor) const override {
    BundleDescriptor bundle = parse_sidecar(text_of(dir_ + "/" + kSidecarFileName)).bundle;
    bundle.rotation_seed = rotation_seed;
    bundle.rerank_factor = rerank_factor;
    return bundle;
  }
  [[nodiscard]] std::optional<BundleBytes> pull_bundle(const std::string& /*collection*/) const override {
    return BundleBytes{read_file(dir_ + "/" + kSidecarFileName), read_file(dir_ + "/" + kIndexFileName), dir_,
                       read_file(dir_ + "/" + kWitnessFileName), keys_};
  }
  [[nodiscard]] std::span<const witness::NoteVerifier> trusted_keys() const override { return keys_; }

 private:
  std::string id_;
  std::string dir_;
  std::vector<witness::NoteVerifier> keys_;
};

// A bundle with the same sidecar as `b`'s (same backend id, collection and generation: the same
// bundle witness) over other vectors, saved unsigned by a lake of its own: what a forger can write.
std::string forge_bundle(const PublishedBundle& b) {
  auto forger_backend = std::make_shared<LocalBackend>("mem");
  std::vector<std::uint64_t> ids(100);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = (std::uint64_t{1} << 63U) + 7 * i;
  forger_backend->put_collection("docs", 8, ids, normal_values(100 * 8, 99));
  Lake forger(one_thread());
  forger.register_backend(forger_backend);
  const std::string dir = b.root.path + "/forged";
  (void)forger.publish_bundle(b.key, dir);
  return dir;
}

}  // namespace

TEST_CASE("lake trust: an unverified entry never serves a key whose backend trusts keys", "[lake][witness]") {
  PublishedBundle b;
  const std::string forged = forge_bundle(b);
  REQUIRE(parse_sidecar(text_of(forged + "/" + kSidecarFileName)).rvf_witness ==
          parse_sidecar(text_of(b.path(kSidecarFileName))).rvf_witness);
  // The query is the published collection's row 5: the genuine data answers it at distance 0.
  const auto published = normal_values(100 * 8, 50);
  const std::vector<float> query(published.begin() + 40, published.begin() + 48);
  const std::uint64_t row5 = (std::uint64_t{1} << 63U) + 35;

  Lake lake(one_thread(Consistency::frozen()));  // the "cache" key has no backend: Frozen serves it
  // A key warmed from the forged snapshot without keys: it serves the forged rows, as asked.
  CHECK(lake.warm_from_dir({"cache", "docs"}, forged) == 100);
  CHECK(lake.search({"cache", "docs"}, query, 1).ids[0] != row5);
  lake.register_backend(std::make_shared<TrustingBundleBackend>("signed", b.dir, b.trusted));
  const SearchResults trusted = lake.search({"signed", "docs"}, query, 1);
  CHECK(trusted.ids[0] == row5);
  CHECK(trusted.distances[0] == 0.0F);
  CHECK(lake.stats().shared_hits == 0);
  CHECK(lake.stats().warm_installs == 2);
  CHECK(lake.entry_count() == 2);
  CHECK(lake.witness_of({"signed", "docs"}) == lake.witness_of({"cache", "docs"}));
  CHECK(lake.refcount_of(*lake.witness_of({"cache", "docs"})) == 2);
  // The untrusting key still answers from what it warmed; a search on the trusting key stays a hit.
  CHECK(lake.search({"cache", "docs"}, query, 1).ids[0] != row5);
  CHECK(lake.search({"signed", "docs"}, query, 1).ids[0] == row5);
  CHECK(lake.stats().hits == 3);

  SECTION("a verified warm install of the same bytes joins the verified entry") {
    CHECK(lake.warm_from_dir({"again", "docs"}, b.dir, b.trusted) == 100);
    CHECK(lake.entry_count() == 2);
    CHECK(lake.search({"again", "docs"}, query, 1).ids[0] == row5);
  }
  SECTION("a key trusting another signer does not share the verified entry") {
    const witness::NoteSigner stranger = witness::NoteSigner::generate("example.com/lake");
    lake.register_backend(std::make_shared<TrustingBundleBackend>(
        "stranger", b.dir, std::vector<witness::NoteVerifier>{stranger.verifier()}));
    CHECK(code_of([&] { (void)lake.search({"stranger", "docs"}, query, 1); }) == ErrorCode::kWitnessMismatch);
    CHECK(lake.entry_count() == 2);
  }
  SECTION("an entry installed without a content check does not serve a trusting key") {
    Lake other(one_thread());
    BundleBytes bytes{
        read_file(forged + "/" + kSidecarFileName), read_file(forged + "/" + kIndexFileName), forged, {}, {}};
    CHECK(other.warm_from_bytes({"cache", "docs"}, bytes) == 100);
    other.register_backend(std::make_shared<TrustingBundleBackend>("signed", b.dir, b.trusted));
    CHECK(other.search({"signed", "docs"}, query, 1).ids[0] == row5);
  }
  SECTION("a key warmed without keys whose backend trusts keys is checked by them") {
    Lake other(one_thread());
    other.register_backend(std::make_shared<TrustingBundleBackend>("signed", b.dir, b.trusted));
    CHECK(message_of([&] {
            (void)other.warm_from_dir({"signed", "docs"}, forged);
          }).find("no transparency-log proof") != std::string::npos);
    CHECK(other.entry_count() == 0);
  }
}
#endif
