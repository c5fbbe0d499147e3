// RabitqIndex served from a file mapping (load(path, true) / map()): the same answers and bytes as
// a copied load, bit for bit, whatever the alignment of the file's arrays; add/remove copy only
// what they change and never write to the file. Native only (wasm has no mapping).
#if !defined(__EMSCRIPTEN__)
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "minor_faults.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/core/mapped_file.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "temp_dir.hpp"

using namespace ruvector::rabitq;  // NOLINT(google-build-using-namespace)

namespace {

std::vector<float> gaussian(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::vector<float> v(n);
  for (auto& x : v) x = normal(gen);
  return v;
}

void require_same_results(const ruvector::SearchResults& a, const ruvector::SearchResults& b) {
  REQUIRE(a.ids == b.ids);
  REQUIRE(a.distances.size() == b.distances.size());
  CHECK(std::memcmp(a.distances.data(), b.distances.data(), a.distances.size() * sizeof(float)) == 0);
}

}  // namespace

TEST_CASE("a mapped index answers and serializes exactly like a copied one", "[rabitq][mapped]") {
  struct Config {
    std::size_t dim;
    int bits;
    VectorStore store;
    ruvector::Metric metric;
    std::int64_t nlist;
  };
  // Odd dims and sizes put the u64 ids of version-1 files at 4 mod 8 in some lists (copied there)
  // and aligned in others (viewed): both paths are exercised.
  const Config configs[] = {{16, 1, VectorStore::kF32, ruvector::Metric::kL2, 8},
                            {5, 3, VectorStore::kF16, ruvector::Metric::kCosine, 7},
                            {33, 2, VectorStore::kF32, ruvector::Metric::kInnerProduct, 1},
                            {12, 4, VectorStore::kNone, ruvector::Metric::kL2, 5}};
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  for (const Config& c : configs) {
    INFO("dim " << c.dim << " bits " << c.bits << " nlist " << c.nlist);
    BuildParams params;
    params.bits = c.bits;
    params.store = c.store;
    params.metric = c.metric;
    params.nlist = c.nlist;
    params.threads = 1;
    const std::size_t n = 1001;
    const std::string path = dir.path + "/index.rvq";
    RabitqIndex::build(gaussian(n * c.dim, 7), c.dim, {}, params).save(path);
    const std::vector<std::uint8_t> file = ruvector::read_file(path);

    RabitqIndex copied = RabitqIndex::load(path, false);
    RabitqIndex mapped = RabitqIndex::load(path, true);
    CHECK(mapped.size() == n);
    CHECK(copied.mapped_bytes() == 0);
    CHECK(mapped.mapped_bytes() > file.size() / 2);
    CHECK(mapped.memory_bytes() < copied.memory_bytes());
    CHECK(mapped.serialize() == file);

    const auto queries = gaussian(20 * c.dim, 11);
    SearchParams every_list;
    every_list.nprobe = c.nlist;
    for (const SearchParams& p : {SearchParams{}, every_list}) {
      require_same_results(copied.search(queries, 10, p), mapped.search(queries, 10, p));
    }

    // Changes copy the lists they touch; the file keeps its bytes.
    const std::vector<std::uint64_t> gone = {3, 500, 1000};
    const auto more = gaussian(40 * c.dim, 13);
    for (RabitqIndex* index : {&copied, &mapped}) {
      CHECK(index->remove(gone) == 3);
      index->add(more);
    }
    CHECK(mapped.serialize() == copied.serialize());
    require_same_results(copied.search(queries, 10, every_list), mapped.search(queries, 10, every_list));
    CHECK(ruvector::read_file(path) == file);
  }
}

TEST_CASE("a mapped index keeps its file mapped after the path is replaced", "[rabitq][mapped]") {
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  const std::string path = dir.path + "/index.rvq";
  BuildParams params;
  params.threads = 1;
  const auto rows = gaussian(600 * 8, 3);
  RabitqIndex::build(rows, 8, {}, params).save(path);
  const RabitqIndex mapped = RabitqIndex::load(path, true);
  const auto before = mapped.search(rows, 5);
  // save() renames a new file over the path: the mapping keeps the old inode's pages.
  RabitqIndex::build(gaussian(700 * 8, 4), 8, {}, params).save(path);
  require_same_results(before, mapped.search(rows, 5));
  CHECK(RabitqIndex::load(path, true).size() == 700);
}

namespace {

// `bytes` (a serialized index whose ids are `ids`) with id `from` written over id `to`'s place.
void duplicate_id(std::vector<std::uint8_t>& bytes, std::uint64_t from, std::uint64_t to) {
  const auto* pattern = reinterpret_cast<const std::uint8_t*>(&to);
  const auto at = std::search(bytes.begin(), bytes.end(), pattern, pattern + 8);
  REQUIRE(at != bytes.end());
  std::memcpy(&*at, &from, 8);
}

}  // namespace

TEST_CASE("a mapped file with a duplicate id: map() defers it, every use of the id map refuses it",
          "[rabitq][mapped][persist]") {
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  const std::string path = dir.path + "/index.rvq";
  BuildParams params;
  params.threads = 1;
  params.nlist = 4;
  const auto rows = gaussian(300 * 8, 5);
  std::vector<std::uint64_t> ids(300);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = 0x5A5A000000000000ULL + 977 * i;
  auto bytes = RabitqIndex::build(rows, 8, ids, params).serialize();
  duplicate_id(bytes, ids[10], ids[200]);
  ruvector::write_file_atomic(path, bytes);
  const std::string named = "corrupt index: duplicate id " + std::to_string(ids[10]);
  // The copying load reads every id; the mapped load does not.
  CHECK(ruvector::test::message_of([&] { (void)RabitqIndex::load(path, false); }).find(named) != std::string::npos);
  const auto fresh = [&] { return RabitqIndex::load(path, true); };
  CHECK(fresh().search(rows, 3).ids.size() == 900);
  CHECK(ruvector::test::message_of([&] { fresh().check_unique_ids(); }) == named);
  CHECK(ruvector::test::message_of([&] { (void)fresh().serialize(); }) == named);
  CHECK(ruvector::test::message_of([&] { (void)fresh().remove(std::vector<std::uint64_t>{ids[0]}); }) == named);
  CHECK(ruvector::test::message_of([&] { fresh().add(gaussian(8, 6), std::vector<std::uint64_t>{1}); }) == named);
  CHECK(ruvector::test::code_of([&] { fresh().check_unique_ids(); }) == ruvector::ErrorCode::kPersistError);
  // A clean file passes, and the check is remembered.
  RabitqIndex::build(rows, 8, ids, params).save(path);
  const RabitqIndex clean = RabitqIndex::load(path, true);
  clean.check_unique_ids();
  CHECK(clean.serialize() == ruvector::read_file(path));
}

TEST_CASE("an empty or missing file is a PersistError when mapped", "[rabitq][mapped][persist]") {
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  const std::string empty = dir.path + "/empty.rvq";
  ruvector::write_file_atomic(empty, {});
  for (const std::string& path : {empty, dir.path + "/missing.rvq"}) {
    INFO(path);
    try {
      (void)RabitqIndex::load(path, true);
      FAIL("loaded");
    } catch (const ruvector::Error& e) {
      CHECK(e.code() == ruvector::ErrorCode::kPersistError);
    }
  }
}

TEST_CASE("memory_bytes of a built index stays close to its file size", "[rabitq][mapped][memory]") {
  BuildParams params;
  params.threads = 1;
  params.calibrate = false;  // a table of a few KB changes nothing here; calibrating cost 31 s CPU in debug
  for (const VectorStore store : {VectorStore::kF32, VectorStore::kNone}) {
    params.store = store;
    const auto index = RabitqIndex::build(gaussian(20000 * 32, 5), 32, {}, params);
    const double file = static_cast<double>(index.serialize().size());
    INFO("store " << static_cast<int>(store) << ": memory " << index.memory_bytes() << ", file " << file);
    // Exact list capacities: what is left above the file is the id map and the centroid tables.
    const double map_and_tables = 20000.0 * 48 + 3.0 * static_cast<double>(index.nlist()) * 32 * 4 * 2;
    CHECK(static_cast<double>(index.memory_bytes()) <= file + map_and_tables);
  }
}
#if defined(__linux__)
TEST_CASE("warm_up maps and reads what searches read: the next search takes no page fault", "[rabitq][mapped]") {
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  const std::string path = dir.path + "/index.rvq";
  BuildParams params;
  params.threads = 1;
  params.nlist = 16;
  const std::size_t dim = 32;
  RabitqIndex::build(gaussian(6000 * dim, 21), dim, {}, params).save(path);  // ~1 MB of rows
  const auto queries = gaussian(2 * dim, 22);
  const std::span<const float> first(queries.data(), dim);
  const std::span<const float> second(queries.data() + dim, dim);

  // A plain mapped load maps nothing up front: its first search faults pages in (the cost warm_up
  // moves into the load; this also shows the count sees them).
  const RabitqIndex lazy = RabitqIndex::load(path, true);
  CHECK(ruvector::test::minor_faults_of([&] { (void)lazy.search(first, 10); }) > 0);

  const RabitqIndex warmed = RabitqIndex::load(path, true);
  CHECK(ruvector::test::minor_faults_of([&] { warmed.warm_up(); }) > 0);
  ruvector::SearchResults answer;
  const std::int64_t faults = ruvector::test::minor_faults_of([&] { answer = warmed.search(second, 10); });
  if (ruvector::test::kAllocationsReuseFreedPages) CHECK(faults == 0);
  require_same_results(answer, RabitqIndex::load(path, false).search(second, 10));

  // Nothing to read is no error, and a copied index answers as before.
  RabitqIndex::train(gaussian(300 * dim, 23), dim, params).warm_up();
  const RabitqIndex copied = RabitqIndex::load(path, false);
  copied.warm_up();
  require_same_results(copied.search(second, 10), answer);
}
#endif
#endif
