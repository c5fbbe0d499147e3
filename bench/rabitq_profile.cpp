// Developer tool, not part of the build: times RabitqIndex::search on a cached bench data set
// (bench/.cache/<set>.*.npy, made by `python bench/datasets.py <set>`) without the Python layer,
// so search-stage changes can be A/B-timed against an older libruvector_core.a. Build:
//   g++ -std=c++20 -O2 -Isrc bench/rabitq_profile.cpp build/release/src/ruvector/libruvector_core.a
//       -lpthread -o /tmp/rabitq_profile
// Run:  rabitq_profile <cache prefix> <index file> <passes> nprobe:rerank [nprobe:rerank ...]
// It prints the best per-query CPU time (search runs on the calling thread with threads = 1).
// The index file is built (nlist automatic, seed 42, 2 threads, bits from $RV_BITS or 1, store from
// $RV_STORE or f32) and saved when missing.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "ruvector/rabitq/rabitq_index.hpp"

namespace {

// A C-order .npy of float32 / int64 rows; the header length is read from the file.
template <typename T>
std::vector<T> read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    std::exit(2);
  }
  char magic[10];
  in.read(magic, 10);
  const auto header = static_cast<std::size_t>(static_cast<unsigned char>(magic[8]) |
                                               (static_cast<unsigned>(static_cast<unsigned char>(magic[9])) << 8U));
  in.seekg(static_cast<std::streamoff>(10 + header));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<T> out(bytes.size() / sizeof(T));
  std::copy_n(bytes.data(), out.size() * sizeof(T), reinterpret_cast<char*>(out.data()));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: rabitq_profile <cache prefix> <index file> <passes> nprobe:rerank...\n";
    return 2;
  }
  const std::string prefix = argv[1];
  const std::string index_path = argv[2];
  const int passes = std::atoi(argv[3]);
  const auto queries = read_npy<float>(prefix + ".queries.npy");
  const auto gt = read_npy<std::int64_t>(prefix + ".gt_ids.npy");
  const std::size_t nq = gt.size() / 10;
  const std::size_t dim = queries.size() / nq;
  std::ifstream probe(index_path);
  if (!probe) {
    const auto base = read_npy<float>(prefix + ".base.npy");
    ruvector::rabitq::BuildParams params;
    params.threads = 2;
    if (const char* bits = std::getenv("RV_BITS")) params.bits = std::atoi(bits);  // default 1
    if (const char* store = std::getenv("RV_STORE")) params.store = ruvector::rabitq::parse_store(store);
    const auto t0 = std::chrono::steady_clock::now();
    const auto built = ruvector::rabitq::RabitqIndex::build(base, dim, {}, params);
    std::cerr << "built in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
              << " s, nlist " << built.nlist() << "\n";
    built.save(index_path);
  }
  const auto index = ruvector::rabitq::RabitqIndex::load(index_path);
  for (int a = 4; a < argc; ++a) {
    const std::string spec = argv[a];
    ruvector::rabitq::SearchParams sp;
    sp.nprobe = std::stoll(spec.substr(0, spec.find(':')));
    sp.rerank_factor = std::stod(spec.substr(spec.find(':') + 1));
    sp.threads = 1;
    double best = 1e30;
    ruvector::SearchResults res;
    // Thread CPU time, not wall time: on a shared machine it leaves out the time other processes
    // hold the core (cache interference remains: A/B-interleave and take the best of several).
    const auto cpu_now = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    };
    for (int p = 0; p < passes; ++p) {
      const double t0 = cpu_now();
      res = index.search(queries, 10, sp);
      best = std::min(best, cpu_now() - t0);
    }
    std::size_t hits = 0;
    for (std::size_t q = 0; q < nq; ++q) {
      for (std::size_t i = 0; i < 10; ++i) {
        const auto id = static_cast<std::int64_t>(res.ids[q * 10 + i]);
        hits += static_cast<std::size_t>(std::count(gt.begin() + static_cast<std::ptrdiff_t>(q * 10),
                                                    gt.begin() + static_cast<std::ptrdiff_t>(q * 10 + 10), id));
      }
    }
    // FNV-1a over ids and distance bits: equal digests mean identical results across builds.
    std::uint64_t digest = 1469598103934665603ULL;
    for (std::size_t i = 0; i < res.ids.size(); ++i) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &res.distances[i], sizeof bits);
      digest = (digest ^ res.ids[i]) * 1099511628211ULL;
      digest = (digest ^ bits) * 1099511628211ULL;
    }
    std::printf("%s  R@10 %.4f  %.2f us/query  %.0f QPS  digest %016llx\n", spec.c_str(),
                static_cast<double>(hits) / (static_cast<double>(nq) * 10.0), best / static_cast<double>(nq) * 1e6,
                static_cast<double>(nq) / best, static_cast<unsigned long long>(digest));
  }
  return 0;
}
