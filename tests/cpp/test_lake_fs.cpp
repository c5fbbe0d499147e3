// FsBackend: its manifest and segment parsers against hostile bytes, and the directory backend itself
// (natively on the OS's files; as wasm on the module's file system, Node's files under NODERAWFS).
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/lake/fs_backend.hpp"
#include "ruvector/lake/fs_format.hpp"
#include "ruvector/lake/lake.hpp"
#include "temp_dir.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;
using ruvector::test::TempDir;

namespace {

Manifest sample_manifest() {
  Manifest m;
  m.dim = 4;
  m.generation = 7;
  m.lineage = 0x1234;
  m.next_segment = 3;
  m.segments = {{0, 2, 0xdeadbeef}, {2, 5, 0x01020304}};
  return m;
}

// Rewrites the trailing CRC so a test can reach the checks behind it.
void reseal(std::vector<std::uint8_t>& bytes) {
  const std::uint32_t crc = crc32(std::span<const std::uint8_t>(bytes.data(), bytes.size() - 4));
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
}

template <class Parse>
void check_every_truncation_and_flip_is_refused(const std::vector<std::uint8_t>& good, Parse parse) {
  for (std::size_t len = 0; len < good.size(); ++len) {
    const std::vector<std::uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len));
    INFO("truncated to " << len);
    CHECK(code_of([&] { (void)parse(cut); }) == ErrorCode::kPersistError);
  }
  for (std::size_t i = 0; i < good.size(); ++i) {
    auto bad = good;
    bad[i] ^= 0x10U;
    INFO("flipped byte " << i);
    CHECK(code_of([&] { (void)parse(bad); }) == ErrorCode::kPersistError);
  }
}

}  // namespace

TEST_CASE("lake fs: manifest round trip and hostile bytes", "[lake]") {
  const auto bytes = serialize_manifest(sample_manifest());
  const Manifest back = parse_manifest(bytes);
  CHECK(back.dim == 4);
  CHECK(back.generation == 7);
  CHECK(back.lineage == 0x1234);
  REQUIRE(back.segments.size() == 2);
  CHECK(back.segments[1].number == 2);
  CHECK(back.segments[1].rows == 5);
  CHECK(back.segments[1].file_crc == 0x01020304);
  check_every_truncation_and_flip_is_refused(bytes, [](const auto& b) { return parse_manifest(b); });

  SECTION("a sealed manifest claiming 2^32-1 segments is refused before allocating") {
    auto bad = bytes;
    const std::uint32_t huge = 0xffffffffU;
    std::memcpy(bad.data() + 8 + 4 + 4 + 8 + 8 + 8, &huge, 4);
    reseal(bad);
    CHECK(message_of([&] { (void)parse_manifest(bad); }).find("do not fit") != std::string::npos);
  }
  SECTION("semantic checks behind a valid checksum") {
    Manifest m = sample_manifest();
    m.segments[1].number = 0;  // listed twice
    CHECK(message_of([&] { (void)parse_manifest(serialize_manifest(m)); }).find("listed twice") != std::string::npos);
    m = sample_manifest();
    m.segments[1].number = 3;  // not below next_segment
    CHECK(code_of([&] { (void)parse_manifest(serialize_manifest(m)); }) == ErrorCode::kPersistError);
    m = sample_manifest();
    m.dim = 0;
    CHECK(message_of([&] { (void)parse_manifest(serialize_manifest(m)); }).find("dim 0") != std::string::npos);
    m = sample_manifest();
    m.segments[0].rows = ~0ULL;
    CHECK(message_of([&] { (void)parse_manifest(serialize_manifest(m)); }).find("overflows") != std::string::npos);
    auto extra = serialize_manifest(sample_manifest());
    extra.insert(extra.end() - 4, std::uint8_t{0});
    reseal(extra);
    CHECK(message_of([&] { (void)parse_manifest(extra); }).find("trailing") != std::string::npos);
  }
}

TEST_CASE("lake fs: segment round trip and hostile bytes", "[lake]") {
  const std::vector<std::uint64_t> ids{~0ULL, 1ULL << 40U, 3};
  const auto vectors = normal_values(3 * 4, 1);
  const auto bytes = serialize_segment(4, ids, vectors);
  const Segment back = parse_segment(bytes);
  CHECK(back.dim == 4);
  CHECK(back.ids == ids);
  CHECK(back.vectors == vectors);
  check_every_truncation_and_flip_is_refused(bytes, [](const auto& b) { return parse_segment(b); });

  SECTION("a sealed segment claiming 2^64-1 rows is refused before allocating") {
    auto bad = bytes;
    const std::uint64_t huge = ~0ULL;
    std::memcpy(bad.data() + 16, &huge, 8);
    reseal(bad);
    CHECK(message_of([&] { (void)parse_segment(bad); }).find("do not fit") != std::string::npos);
  }
  SECTION("a NaN inside a sealed segment is refused") {
    auto bad = bytes;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(bad.data() + 24 + 3 * 8 + 5 * 4, &nan, 4);
    reseal(bad);
    CHECK(message_of([&] { (void)parse_segment(bad); }).find("row 1, column 1") != std::string::npos);
  }
  SECTION("a version this build does not know") {
    auto bad = bytes;
    bad[8] = 2;
    reseal(bad);
    CHECK(message_of([&] { (void)parse_segment(bad); }).find("unsupported version 2") != std::string::npos);
  }
}

TEST_CASE("lake fs: FsBackend writes, appends, deletes; each write is a new generation", "[lake]") {
  TempDir dir;
  FsBackend fs("disk", dir.path + "/lake");
  const std::vector<std::uint64_t> ids{10, ~0ULL};
  const auto vectors = normal_values(2 * 4, 2);
  fs.put_collection("articles", 4, ids, vectors);
  CHECK(fs.list_collections() == std::vector<std::string>{"articles"});
  auto batch = fs.pull("articles");
  CHECK(batch.ids == ids);
  CHECK(batch.vectors == vectors);
  CHECK(fs.dimension("articles") == 4);
  const Generation g1 = fs.generation("articles");

  // Two writes within the same second: the counter moves every time.
  const std::vector<std::uint64_t> more{11};
  fs.append("articles", more, normal_values(4, 3));
  const Generation g2 = fs.generation("articles");
  CHECK(g2 != g1);
  CHECK(fs.pull("articles").ids == std::vector<std::uint64_t>{10, ~0ULL, 11});
  CHECK(code_of([&] { fs.append("articles", more, normal_values(4, 3)); }) == ErrorCode::kInvalidInput);
  const std::vector<std::uint64_t> doomed{10, 999};
  CHECK(fs.delete_ids("articles", doomed) == 1);
  CHECK(fs.pull("articles").ids == std::vector<std::uint64_t>{~0ULL, 11});
  CHECK(fs.generation("articles") != g2);
  // Only the live segment remains on disk.
  std::size_t segments = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path + "/lake/articles")) {
    segments += e.path().filename().string().rfind("seg-", 0) == 0 ? 1 : 0;
  }
  CHECK(segments == 1);

  CHECK(code_of([&] { (void)fs.pull("missing"); }) == ErrorCode::kInvalidInput);
  CHECK(message_of([&] { fs.put_collection("../escape", 4, ids, vectors); }).find("path separator") !=
        std::string::npos);
  CHECK(code_of([&] { fs.put_collection("..", 4, ids, vectors); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("lake fs: a corrupt segment on disk is a PersistError, never a wrong answer", "[lake]") {
  TempDir dir;
  FsBackend fs("disk", dir.path);
  const std::vector<std::uint64_t> ids{1, 2};
  fs.put_collection("c", 4, ids, normal_values(8, 4));
  std::string segment;
  for (const auto& e : std::filesystem::directory_iterator(dir.path + "/c")) {
    if (e.path().filename().string().rfind("seg-", 0) == 0) segment = e.path().string();
  }
  auto bytes = read_file(segment);
  bytes[30] ^= 1U;
  reseal(bytes);  // internally consistent, but not the segment the manifest recorded
  write_file_atomic(segment, bytes);
  const std::string error = message_of([&] { (void)fs.pull("c"); });
  INFO(error);
  CHECK(error.find("does not match the manifest") != std::string::npos);
}

TEST_CASE("lake fs: a lake over FsBackend re-primes on a write; two backends on one directory share", "[lake]") {
  TempDir dir;
  auto writer = std::make_shared<FsBackend>("disk", dir.path);
  auto reader = std::make_shared<FsBackend>("mirror", dir.path);
  const auto vectors = normal_values(20 * 8, 5);
  std::vector<std::uint64_t> ids(20);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = 100 + i;
  writer->put_collection("docs", 8, ids, vectors);
  LakeOptions options;
  options.threads = 1;
  Lake lake(options);
  lake.register_backend(writer);
  lake.register_backend(reader);
  const std::vector<float> q(vectors.begin() + 8 * 3, vectors.begin() + 8 * 4);
  CHECK(lake.search({"disk", "docs"}, q, 1).ids[0] == 103);
  CHECK(lake.search({"mirror", "docs"}, q, 1).ids[0] == 103);
  CHECK(lake.stats().primes == 1);
  CHECK(lake.stats().shared_hits == 1);

  const std::vector<std::uint64_t> id{7};
  writer->append("docs", id, q);
  CHECK(lake.search({"disk", "docs"}, q, 2).ids == std::vector<std::uint64_t>{7, 103});
  CHECK(lake.stats().primes == 2);

  // A re-created collection (new lineage) never matches the old entry, even at the same counter.
  std::filesystem::remove_all(dir.path + "/docs");
  writer->put_collection("docs", 8, ids, vectors);
  CHECK(lake.search({"disk", "docs"}, q, 1).ids[0] == 103);
  CHECK(lake.stats().primes == 3);
}
