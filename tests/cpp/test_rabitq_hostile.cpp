// Hostile files, parameters, ids and threads for RabitqIndex (issue 9): every case is refused with
// the shared error kinds, never a crash, a wrapped size or an allocation the input cannot justify.
// Runs natively, under ASan + UBSan and as wasm32 under node (where size_t is 32 bits).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "alloc_budget.hpp"
#include "error_of.hpp"
#include "ruvector/core/bytes.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

#if !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "ruvector/core/file_io.hpp"
#endif

using ruvector::ErrorCode;
using ruvector::test::error_of;
using namespace ruvector::rabitq;  // NOLINT(google-build-using-namespace)

namespace {

std::vector<float> gaussian(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::vector<float> v(n);
  for (auto& x : v) x = normal(gen);
  return v;
}

// A version-1 file written field by field (docs/file_format.md), with a correct CRC: the loader
// must refuse it for what it says, not for a checksum.
struct CraftedIndex {
  std::uint32_t dim = 8;
  std::uint32_t padded = 64;
  std::uint8_t metric = 0;
  std::uint8_t bits = 1;
  std::uint8_t store = 0;     // none
  std::uint8_t rotation = 1;  // Haar
  std::uint64_t seed = 42;
  std::uint32_t nlist = 1;
  std::uint32_t top = 0;
  std::uint32_t nprobe = 1;
  float rerank = 20.0F;
  std::uint64_t next_id = 0;
  std::uint64_t count = 0;
  ruvector::ByteWriter body;  // everything between the header and the CRC

  void zeros(std::uint64_t bytes) { body.bytes().resize(body.bytes().size() + static_cast<std::size_t>(bytes), 0); }

  [[nodiscard]] std::vector<std::uint8_t> bytes() {
    ruvector::ByteWriter w;
    w.put_bytes("RVRABITQ", 8);
    w.put<std::uint32_t>(1);
    w.put<std::uint32_t>(48);
    w.put(dim);
    w.put(padded);
    w.put(metric);
    w.put(bits);
    w.put(store);
    w.put(rotation);
    w.put(seed);
    w.put(nlist);
    w.put(top);
    w.put(nprobe);
    w.put(rerank);
    w.put(next_id);
    w.put(count);
    w.put_array(body.bytes());
    w.put(ruvector::crc32(w.bytes()));
    return std::move(w.bytes());
  }
};

void fix_crc(std::vector<std::uint8_t>& bytes) {
  const std::uint32_t crc = ruvector::crc32({bytes.data(), bytes.size() - 4});
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
}

template <class T>
void patch(std::vector<std::uint8_t>& bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
  fix_crc(bytes);
}

// Offsets of the arrays of the only list of a one-list index of n vectors (docs/file_format.md).
struct OneListLayout {
  std::size_t centroid, ids, codes, add, scale, ex_codes, ex_scale, ex_error, vectors;
  OneListLayout(std::size_t dim, std::size_t padded, std::size_t n, int bits) {
    centroid = 68 + 16;  // the header, then an empty calibration section (format version 2)
    ids = centroid + dim * 4 + 8;
    codes = ids + n * 8;
    add = codes + (n + 31) / 32 * padded / 4 * 16;
    scale = add + n * 4;
    ex_codes = scale + n * 4;
    ex_scale = ex_codes + (bits > 1 ? n * padded : 0);
    ex_error = ex_scale + (bits > 1 ? n * 4 : 0);
    vectors = ex_error + (bits > 1 ? n * 4 : 0);
  }
};

struct Case {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

std::vector<Case> hostile_corpus() {
  std::vector<Case> cases;
  {  // 128 KiB: a Haar rotation of 32768 dims is 8 GiB of doubles and ~10^13 flops to rebuild
    CraftedIndex f;
    f.dim = f.padded = 32768;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"haar at dim 32768", f.bytes()});
  }
  {  // p * p = 2^32 wraps to 0 on wasm32: the rotation would write through a null buffer
    CraftedIndex f;
    f.dim = f.padded = 65536;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"haar at dim 65536 (p*p wraps on wasm32)", f.bytes()});
  }
  {  // nlist * dim = 2^32 + 65536 wraps on wasm32 to one centroid; the list loop then runs past lists_
    CraftedIndex f;
    f.dim = f.padded = 65536;
    f.rotation = 2;
    f.nlist = 65537;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"nlist*dim wraps on wasm32", f.bytes()});
  }
  {  // the same wrap through the top-cluster centroids
    CraftedIndex f;
    f.dim = f.padded = 65536;
    f.rotation = 2;
    f.nlist = 65537;
    f.top = 65537;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"top*dim wraps on wasm32", f.bytes()});
  }
  {  // ceil(n/32) * padded/4 * 16 = 2^32 wraps to 0 on wasm32: a list whose codes are missing
    CraftedIndex f;
    f.dim = f.padded = 65536;
    f.rotation = 2;
    const std::uint64_t n = std::uint64_t{1} << 19U;
    f.count = n;
    f.next_id = n;
    f.zeros(std::uint64_t{f.dim} * 4);
    f.body.put<std::uint64_t>(n);
    for (std::uint64_t id = 0; id < n; ++id) f.body.put(id);
    f.zeros(n * 8);  // add and scale, no codes
    cases.push_back({"list code bytes wrap on wasm32", f.bytes()});
  }
  {  // 100 KB of dim-1 centroids and no list sizes: ~500 bytes of lists and rotated centroids each
    CraftedIndex f;
    f.dim = 1;
    f.nlist = 25000;
    f.zeros(std::uint64_t{f.nlist} * 4);
    cases.push_back({"more lists than the bytes can describe", f.bytes()});
  }
  {
    CraftedIndex f;
    f.zeros(std::uint64_t{f.dim} * 4);
    f.body.put<std::uint64_t>(std::uint64_t{1} << 61U);
    cases.push_back({"list size 2^61", f.bytes()});
  }
  {
    CraftedIndex f;
    f.top = 1;
    f.body.put(std::numeric_limits<float>::infinity());
    f.zeros(std::uint64_t{f.dim} * 4 - 4 + 4 + std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"Inf top centroid", f.bytes()});
  }
  for (const float rerank : {1e19F, std::numeric_limits<float>::quiet_NaN(), 0.5F}) {
    CraftedIndex f;
    f.rerank = rerank;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"default rerank factor " + std::to_string(rerank), f.bytes()});
  }
  {
    CraftedIndex f;
    f.rotation = 3;
    f.zeros(std::uint64_t{f.dim} * 4 + 8);
    cases.push_back({"unknown rotation kind", f.bytes()});
  }
  // Floats inside a real index, changed one at a time (the CRC recomputed).
  const std::size_t dim = 4;
  const std::size_t n = 40;
  BuildParams params;
  params.bits = 2;
  params.threads = 1;
  const auto f32_index = RabitqIndex::build(gaussian(n * dim, 5), dim, {}, params).serialize();
  params.store = VectorStore::kF16;
  const auto f16_index = RabitqIndex::build(gaussian(n * dim, 5), dim, {}, params).serialize();
  const OneListLayout at(dim, 64, n, 2);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto changed = [](std::vector<std::uint8_t> bytes, std::size_t offset, auto value) {
    patch(bytes, offset, value);
    return bytes;
  };
  cases.push_back({"NaN list centroid", changed(f32_index, at.centroid + 4, nan)});
  cases.push_back({"NaN factor", changed(f32_index, at.add + 8, nan)});
  cases.push_back({"negative scale", changed(f32_index, at.scale, -1.0F)});
  cases.push_back({"Inf extended error factor", changed(f32_index, at.ex_error + 12, inf)});
  cases.push_back({"NaN extended scale", changed(f32_index, at.ex_scale + 4 * (n - 1), nan)});
  cases.push_back({"NaN stored vector", changed(f32_index, at.vectors + 4 * (n * dim - 1), nan)});
  cases.push_back({"Inf stored f16 vector", changed(f16_index, at.vectors + 2 * 7, std::uint16_t{0x7C00})});
  cases.push_back({"NaN stored f16 vector", changed(f16_index, at.vectors, std::uint16_t{0xFE01})});
  return cases;
}

// What deserialize() may allocate for `bytes` input: a small multiple of it, plus room for the
// rotation (Hadamard signs, at most 3 x 2^16 bytes) and error messages.
std::size_t budget_for(std::size_t bytes) {
  return 64 * bytes + (std::size_t{1} << 20U);
}

}  // namespace

TEST_CASE("hostile index files are a PersistError within a bounded allocation", "[persist][hostile]") {
  for (const Case& c : hostile_corpus()) {
    INFO(c.name << " (" << c.bytes.size() << " bytes)");
    std::pair<ErrorCode, std::string> outcome;
    std::size_t used = 0;
    std::size_t refused = 0;
    {
      const ruvector::test::AllocationBudget budget(budget_for(c.bytes.size()));
      try {
        outcome = error_of([&] { (void)RabitqIndex::deserialize(c.bytes); });
      } catch (const std::bad_alloc&) {
        outcome = {ErrorCode::kRuVectorError, "std::bad_alloc"};
      }
      used = budget.used();
      refused = budget.refused();
    }
    INFO("allocated " << used << " bytes; refused a request of " << refused);
    CHECK(refused == 0);
    CHECK(outcome.first == ErrorCode::kPersistError);
    CHECK_THAT(outcome.second, Catch::StartsWith("corrupt index") || Catch::StartsWith("truncated or corrupt"));
  }
}

TEST_CASE("a valid file of many empty lists loads within the same allocation bound", "[persist][hostile]") {
  CraftedIndex f;
  f.dim = 1;
  f.nlist = 25000;
  f.zeros(std::uint64_t{f.nlist} * 12);  // centroids 0.0 and a size 0 per list
  const auto bytes = f.bytes();
  const ruvector::test::AllocationBudget budget(budget_for(bytes.size()));
  const auto index = RabitqIndex::deserialize(bytes);
  const std::size_t used = budget.used();
  CHECK(index.nlist() == 25000);
  INFO("file " << bytes.size() << " bytes, allocated " << used);
  CHECK(budget.refused() == 0);
  WARN("many empty lists: allocated " << used << " bytes for a " << bytes.size() << "-byte file ("
                                      << static_cast<double>(used) / static_cast<double>(bytes.size()) << "x)");
}

TEST_CASE("the builder refuses what the loader refuses: Haar only up to 1024 padded dims", "[rabitq][errors]") {
  const auto base = gaussian(4 * 1100, 3);
  BuildParams params;
  params.rotation = RotationKind::kHaar;
  const auto [code, message] = error_of([&] { (void)RabitqIndex::build(base, 1100, {}, params); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message ==
        "the 'haar' rotation supports padded dims up to 1024, got dim 1100 (padded 1152): use 'hadamard' or 'auto'");
  params.rotation = RotationKind::kAuto;
  CHECK(RabitqIndex::build(base, 1100, {}, params).rotation_kind() == RotationKind::kHadamard);
  const std::vector<float> wide(70000, 0.5F);
  CHECK(error_of([&] { (void)RabitqIndex::build(wide, 70000, {}, params); }).second ==
        "dim must be in [1, 65536], got 70000");
}

TEST_CASE("search and build parameters are range-checked with the value and the range", "[rabitq][errors]") {
  const std::size_t dim = 8;
  const auto base = gaussian(200 * dim, 11);
  BuildParams one_thread;
  one_thread.threads = 1;
  const auto index = RabitqIndex::build(base, dim, {}, one_thread);
  const auto q = gaussian(dim, 12);
  const auto search_error = [&](std::int64_t k, SearchParams p) {
    return error_of([&] { (void)index.search(q, k, p); });
  };
  // Used to be a double -> size_t cast out of range and nth_element on an empty range: SIGSEGV.
  CHECK(search_error(10, {0, 1e19, 1}) ==
        std::pair{ErrorCode::kInvalidInput,
                  std::string("rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19")});
  CHECK(search_error(10, {0, 0.5, 1}).second ==
        "rerank_factor must be in [1, 1000000] (or 0 for the index default), got 0.5");
  CHECK(search_error(10, {0, std::numeric_limits<double>::quiet_NaN(), 1}).first == ErrorCode::kInvalidInput);
  CHECK(search_error(10, {-1, 0, 1}).second == "nprobe must be in [1, 16777216] (or 0 for the default), got -1");
  CHECK(search_error(10, {std::int64_t{1} << 40U, 0, 1}).first == ErrorCode::kInvalidInput);
  CHECK(search_error(10, {0, 0, 5000}).second == "threads must be in [1, 1024] (or 0 for all cores), got 5000");
  CHECK(search_error(0, {}).second == "k must be >= 1, got 0");
  // The largest accepted factor and a huge k are fine: candidates are capped at the index size.
  // (k is compared with the size in 64 bits: on wasm32 it used to be cast to a 32-bit size_t first.)
  const auto all = index.search(q, std::int64_t{1} << 40U, {0, 1e6, 1});
  CHECK(all.k == 200);
  ruvector::FlatIndex flat(dim, ruvector::Metric::kL2);
  flat.add(base);
  CHECK(flat.search(q, std::int64_t{1} << 40U, 1).k == 200);

  const auto build_error = [&](BuildParams p) { return error_of([&] { (void)RabitqIndex::build(base, dim, {}, p); }); };
  BuildParams p;
  p.bits = 9;
  CHECK(build_error(p).second == "bits must be 1 (RaBitQ) or 2..8 (extended), got 9");
  p = {};
  p.nlist = -1;
  CHECK(build_error(p).second == "nlist must be in [1, 16777216] (or 0 for automatic), got -1");
  p = {};
  p.rerank_factor = 1e19;
  CHECK(build_error(p).second == "rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19");
  p = {};
  p.threads = 100000;
  CHECK(build_error(p).second == "threads must be in [1, 1024] (or 0 for all cores), got 100000");
  p = {};
  p.nprobe = -3;
  CHECK(build_error(p).first == ErrorCode::kInvalidInput);
}

TEST_CASE("automatic ids never wrap or collide; save stays loadable", "[rabitq][ids]") {
  const std::size_t dim = 4;
  BuildParams params;
  params.threads = 1;
  auto index = RabitqIndex::build(gaussian(10 * dim, 21), dim, {}, params);  // ids 0..9
  const std::vector<std::uint64_t> near_max = {std::numeric_limits<std::uint64_t>::max() - 1};
  index.add(gaussian(dim, 22), near_max);
  // Two rows would take ids 2^64-1 and 2^64 (= 0, already in use): refused, nothing added.
  const auto [code, message] = error_of([&] { index.add(gaussian(2 * dim, 23)); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message ==
        "automatic ids for 2 rows would pass 18446744073709551615 (the next is 18446744073709551615): pass ids "
        "explicitly");
  CHECK(index.size() == 11);
  index.add(gaussian(dim, 24));  // takes 2^64-1, the last one
  CHECK(index.size() == 12);
  CHECK(error_of([&] { index.add(gaussian(dim, 25)); }).second ==
        "automatic id 18446744073709551615 is already in use: pass ids explicitly");
  CHECK(index.size() == 12);
  const auto again = RabitqIndex::deserialize(index.serialize());
  CHECK(again.size() == 12);
  CHECK(error_of([&] { const_cast<RabitqIndex&>(again).add(gaussian(dim, 26)); }).first == ErrorCode::kInvalidInput);

  ruvector::FlatIndex flat(dim, ruvector::Metric::kL2);
  flat.add(gaussian(10 * dim, 21));
  flat.add(gaussian(dim, 22), near_max);
  CHECK(error_of([&] { flat.add(gaussian(2 * dim, 23)); }).first == ErrorCode::kInvalidInput);
  CHECK(flat.size() == 11);
}

#if !defined(__EMSCRIPTEN__)  // files and threads: native only (wasm passes bytes, runs serially)

namespace {

std::filesystem::path fresh_dir(const char* name) {
  const auto dir =
      std::filesystem::temp_directory_path() / (std::string("ruvector-") + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("a thread the system refuses is an error and the call changes nothing", "[rabitq][threads]") {
  const std::size_t dim = 16;
  BuildParams params;
  params.threads = 1;
  auto index = RabitqIndex::build(gaussian(300 * dim, 31), dim, {}, params);
  const auto before = index.serialize();
  // Enough work that no worker can finish every chunk and exit before the third one is started
  // (with 4096 rows a fast first worker sometimes did, the limit then never bit and the add passed).
  const auto rows = gaussian(65536 * dim, 32);
  const auto queries = gaussian(4096 * dim, 33);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Root ignores RLIMIT_NPROC: become an unprivileged user first. Three tasks (this one and two
    // threads) are allowed, so the third thread of a call fails after two have started.
    if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(90);
    const rlimit limit{3, 3};
    if (::setrlimit(RLIMIT_NPROC, &limit) != 0) ::_exit(91);
    int failures = 0;
    try {
      index.add(rows, {}, 8);
      failures |= 1;  // the limit did not apply
    } catch (const ruvector::Error& e) {
      if (e.code() != ErrorCode::kRuVectorError || std::string(e.what()).find("cannot start worker thread") != 0) {
        failures |= 2;
      }
    }
    if (index.size() != 300 || index.serialize() != before) failures |= 4;
    try {
      (void)index.search(queries, 5, {0, 0, 8});
      failures |= 8;
    } catch (const ruvector::Error& e) {
      if (e.code() != ErrorCode::kRuVectorError) failures |= 16;
    }
    ::_exit(failures);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("child status " << status << (WIFSIGNALED(status) ? " (killed by a signal: std::terminate?)" : ""));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("save keeps the file's mode and writes through a symlink", "[persist][files]") {
  const auto dir = fresh_dir("save");
  BuildParams params;
  params.threads = 1;
  const auto index = RabitqIndex::build(gaussian(50 * 4, 41), 4, {}, params);
  const std::string file = (dir / "index.rvq").string();
  index.save(file);
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  index.save(file);
  struct stat st{};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777U) == 0600U);

  const std::string link = (dir / "current.rvq").string();
  std::filesystem::create_symlink("index.rvq", link);
  const auto bigger = RabitqIndex::build(gaussian(80 * 4, 42), 4, {}, params);
  bigger.save(link);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(RabitqIndex::load(file).size() == 80);
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777U) == 0600U);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a file truncated while it is loaded is a PersistError, not SIGBUS", "[persist][files]") {
  const auto dir = fresh_dir("truncate");
  BuildParams params;
  params.threads = 1;
  const std::string file = (dir / "index.rvq").string();
  RabitqIndex::build(gaussian(3000 * 32, 51), 32, {}, params).save(file);
  ruvector::FileSource source(file);  // opened, then another process truncates it
  REQUIRE(::truncate(file.c_str(), 4096) == 0);
  const auto [code, message] = error_of([&] { (void)RabitqIndex::deserialize(source); });
  CHECK(code == ErrorCode::kPersistError);
  CHECK_THAT(message, Catch::Contains("changed while reading"));
  // load(mmap=true) reads the same way: a truncated file is refused like any short file.
  CHECK(error_of([&] { (void)RabitqIndex::load(file, true); }).first == ErrorCode::kPersistError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("hostile files are refused when mapped too, within the same allocation bound", "[persist][hostile]") {
  // The checks map() defers read every byte of the rows (mapped_file.hpp, RabitqIndex::map): a
  // bundle's warm load runs them (test_lake_bundle.cpp); everything else is refused at load.
  const std::vector<std::string> deferred = {"NaN stored vector", "Inf stored f16 vector", "NaN stored f16 vector"};
  const auto dir = fresh_dir("mapped_hostile");
  const std::string file = (dir / "hostile.rvq").string();
  for (const Case& c : hostile_corpus()) {
    INFO(c.name << " (" << c.bytes.size() << " bytes)");
    ruvector::write_file_atomic(file, c.bytes);
    const bool is_deferred = std::find(deferred.begin(), deferred.end(), c.name) != deferred.end();
    std::pair<ErrorCode, std::string> outcome{ErrorCode::kRuVectorError, "loaded"};
    std::size_t refused = 0;
    {
      const ruvector::test::AllocationBudget budget(budget_for(c.bytes.size()));
      try {
        const RabitqIndex index = RabitqIndex::load(file, true);
        if (is_deferred) {
          // Served as it is: searching every list and reranking every row stays memory-safe.
          SearchParams all;
          all.nprobe = static_cast<std::int64_t>(index.nlist());
          all.rerank_factor = 1000;
          const auto found = index.search(gaussian(index.dim(), 3), 5, all);
          CHECK(found.ids.size() == 5);
        }
      } catch (const ruvector::Error& e) {
        outcome = {e.code(), e.what()};
      } catch (const std::bad_alloc&) {
        outcome = {ErrorCode::kRuVectorError, "std::bad_alloc"};
      }
      refused = budget.refused();
    }
    CHECK(refused == 0);
    if (is_deferred) {
      CHECK(outcome.second == "loaded");
    } else {
      CHECK(outcome.first == ErrorCode::kPersistError);
      CHECK_THAT(outcome.second, Catch::StartsWith("corrupt index") || Catch::StartsWith("truncated or corrupt"));
    }
  }
  std::filesystem::remove_all(dir);
}

#endif
