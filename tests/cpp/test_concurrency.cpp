// Concurrency of the core: searches racing add/remove on one RabitqIndex, threaded build and
// search, and the writer-preferring lock every index uses. Tagged [concurrency]: the tsan preset
// runs exactly these (and the HTTP engine's cross-thread cancel) under ThreadSanitizer.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "ruvector/core/shared_mutex.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

#if !defined(__EMSCRIPTEN__)  // no threads in the wasm build

using ruvector::rabitq::BuildParams;
using ruvector::rabitq::RabitqIndex;
using ruvector::rabitq::SearchParams;

namespace {

std::vector<float> uniform_rows(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> u(-1.0F, 1.0F);
  std::vector<float> v(n * dim);
  for (auto& x : v) x = u(gen);
  return v;
}

// Each query row's distances ascend and its ids are distinct.
bool well_formed(const ruvector::SearchResults& r) {
  for (std::size_t q = 0; q < r.queries; ++q) {
    for (std::size_t j = 0; j + 1 < r.k; ++j) {
      const std::size_t at = q * r.k + j;
      if (r.distances[at] > r.distances[at + 1]) return false;
      for (std::size_t i = q * r.k; i < at + 1; ++i) {
        if (r.ids[i] == r.ids[at + 1]) return false;
      }
    }
  }
  return true;
}

}  // namespace

TEST_CASE("RabitqIndex: searches from several threads while another adds and removes", "[concurrency][rabitq]") {
  const std::size_t dim = 16;
  BuildParams params;
  params.nlist = 4;
  params.bits = 3;
  auto index = RabitqIndex::build(uniform_rows(400, dim, 1), dim, {}, params);
  std::atomic<bool> stop{false};
  std::atomic<int> malformed{0};
  std::atomic<int> searches{0};
  std::vector<std::thread> readers;
  for (unsigned t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      const auto queries = uniform_rows(3, dim, 10 + t);
      SearchParams sp;
      sp.threads = 1;
      while (!stop.load()) {
        if (!well_formed(index.search(queries, 5, sp))) malformed.fetch_add(1);
        searches.fetch_add(1);
      }
    });
  }
  // Rows 1000.. come and go; the built rows 0..399 stay.
  for (std::uint64_t round = 0; round < 30; ++round) {
    std::vector<std::uint64_t> ids(10);
    for (std::uint64_t i = 0; i < 10; ++i) ids[i] = 1000 + round * 10 + i;
    index.add(uniform_rows(10, dim, 100 + static_cast<unsigned>(round)), ids, 1);
    if (round % 2 == 1) {
      const std::vector<std::uint64_t> gone(ids.begin(), ids.begin() + 5);
      CHECK(index.remove(gone) == 5);
    }
  }
  // Let the readers overlap the writer at least a little even on a loaded machine.
  while (searches.load() < 6) std::this_thread::yield();
  stop.store(true);
  for (auto& r : readers) r.join();
  CHECK(malformed.load() == 0);
  CHECK(index.size() == 400 + 30 * 10 - 15 * 5);
}

TEST_CASE("RabitqIndex: a threaded build and search give the single-threaded results", "[concurrency][rabitq]") {
  const std::size_t dim = 8;
  const auto base = uniform_rows(3000, dim, 5);
  const auto queries = uniform_rows(40, dim, 6);
  BuildParams one;
  one.nlist = 8;
  one.threads = 1;
  BuildParams four = one;
  four.threads = 4;
  const auto a = RabitqIndex::build(base, dim, {}, one);
  const auto b = RabitqIndex::build(base, dim, {}, four);
  SearchParams serial;
  serial.threads = 1;
  SearchParams threaded;
  threaded.threads = 4;
  const auto ra = a.search(queries, 10, serial);
  const auto rb = b.search(queries, 10, threaded);
  CHECK(ra.ids == rb.ids);
  CHECK(ra.distances == rb.distances);
}

TEST_CASE("WriterPreferringSharedMutex: writers exclude readers and each other", "[concurrency][lock]") {
  ruvector::WriterPreferringSharedMutex mutex;
  // Plain (non-atomic) fields: only the lock orders these accesses, so ThreadSanitizer reports a
  // race if it does not, and a reader sees the pair torn.
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::atomic<int> torn{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        const std::shared_lock lock(mutex);
        if (a != b) torn.fetch_add(1);
      }
    });
  }
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        const std::scoped_lock lock(mutex);
        ++a;
        std::this_thread::yield();
        ++b;
      }
    });
  }
  threads[3].join();
  threads[4].join();
  stop.store(true);
  for (int r = 0; r < 3; ++r) threads[static_cast<std::size_t>(r)].join();
  CHECK(torn.load() == 0);
  CHECK(a == 4000);
  CHECK(b == 4000);
}

TEST_CASE("WriterPreferringSharedMutex: a writer gets in while readers keep overlapping", "[concurrency][lock]") {
  // Readers hand the shared lock to each other (each holds it until the next one has it), so there
  // is hardly a moment without a reader: glibc's reader-preferring rwlock (std::shared_mutex) keeps
  // the writer out for minutes (measured: > 60 s); this lock lets it in within milliseconds.
  ruvector::WriterPreferringSharedMutex mutex;
  std::atomic<bool> stop_readers{false};
  std::atomic<bool> writer_done{false};
  std::atomic<std::uint64_t> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      while (!stop_readers.load()) {
        const std::shared_lock lock(mutex);
        const std::uint64_t seen = reads.fetch_add(1);
        // Hold until another reader got in (or a moment passed: it may be queued behind the writer).
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
        while (reads.load() == seen + 1 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
      }
    });
  }
  while (reads.load() < 100) std::this_thread::yield();
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      const std::scoped_lock lock(mutex);
    }
    writer_done.store(true);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!writer_done.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const bool in_time = writer_done.load();
  stop_readers.store(true);  // a starved writer gets in once the readers stop
  writer.join();
  for (auto& r : readers) r.join();
  CHECK(in_time);
}

#endif
