// Developer tool, not part of the build: the first search after Lake::warm_from_dir against the
// steady state, without the Python layer (what bench/lake_bench.py's "warm" part measures, so a
// change to the load or to RabitqIndex::warm_up can be A/B-timed in seconds). Build:
//   g++ -std=c++20 -O2 -Isrc bench/lake_warm_probe.cpp build/release/src/ruvector/libruvector_core.a
//       -lpthread -o /tmp/lake_warm_probe
// Run:  lake_warm_probe <snapshot dir> <n> <loads> [plain|extra|pollute]
//   extra: one more search (another query) between the load and the timed first search;
//   pollute: a 600 MB read of an unrelated buffer there (cache pollution alone, for comparison).
// The snapshot (n x 128, the clustered recipe of bench/datasets.py with 1000 centres, ids from 2^63)
// is primed and saved when the directory is missing. Prints, per warm load, the load time and the
// first search's wall and thread-CPU time and minor faults, then the steady-state median per query.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"

namespace {

constexpr std::size_t kDim = 128;
constexpr std::int64_t kK = 10;

std::vector<float> clustered(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> centre(0.0F, 3.0F);
  std::normal_distribution<float> noise(0.0F, 1.0F);
  std::vector<float> centres(1000 * kDim);
  for (float& c : centres) c = centre(rng);
  std::uniform_int_distribution<std::size_t> label(0, 999);
  std::vector<float> out(n * kDim);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t l = label(rng);
    for (std::size_t d = 0; d < kDim; ++d) out[i * kDim + d] = centres[l * kDim + d] + noise(rng);
  }
  return out;
}

double thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return 1e6 * static_cast<double>(t.tv_sec) + 1e-3 * static_cast<double>(t.tv_nsec);
}

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_minflt;
}

double now_us() {
  return 1e-3 * static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: lake_warm_probe <snapshot dir> <n> <loads> [plain|extra|pollute]\n");
    return 2;
  }
  using ruvector::lake::CollectionKey;
  using ruvector::lake::Consistency;
  using ruvector::lake::Lake;
  using ruvector::lake::LakeOptions;
  const std::string snap = argv[1];
  const auto n = static_cast<std::size_t>(std::stoull(argv[2]));
  const int loads = std::atoi(argv[3]);
  const std::string mode = argc == 5 ? argv[4] : "plain";
  std::vector<std::uint64_t> junk(mode == "pollute" ? (600U << 20U) / 8 : 0, 1);
  const CollectionKey key{"mem", "docs"};
  LakeOptions options;
  options.consistency = Consistency::frozen();
  if (!std::filesystem::exists(snap)) {
    const std::vector<float> base = clustered(n, 7);
    std::vector<std::uint64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = (std::uint64_t{1} << 63U) + i;
    auto backend = std::make_shared<ruvector::lake::LocalBackend>("mem");
    backend->put_collection("docs", kDim, ids, base);
    Lake cold(options);
    cold.register_backend(backend);
    const double t0 = now_us();
    cold.prime(key);
    std::printf("cold prime %.2f s\n", 1e-6 * (now_us() - t0));
    (void)cold.save_cache_to_dir(key, snap);
  }
  const std::vector<float> queries = clustered(static_cast<std::size_t>(loads) + 200, 11);
  std::vector<double> first;
  std::unique_ptr<Lake> lake;
  for (int load = 0; load < loads; ++load) {
    lake.reset();
    lake = std::make_unique<Lake>(options);
    double t0 = now_us();
    (void)lake->warm_from_dir(key, snap);
    const double load_s = 1e-6 * (now_us() - t0);
    if (mode == "extra") {
      (void)lake->search(key, std::span(queries).subspan(static_cast<std::size_t>(loads + 199) * kDim, kDim), kK);
    } else if (mode == "pollute") {
      std::uint64_t sum = 0;
      for (const std::uint64_t v : junk) sum += v;
      const volatile std::uint64_t kept = sum;
      (void)kept;
    }
    const long f0 = minor_faults();
    const double c0 = thread_cpu_us();
    t0 = now_us();
    (void)lake->search(key, std::span(queries).subspan(static_cast<std::size_t>(load) * kDim, kDim), kK);
    const double wall = now_us() - t0;
    const double cpu = thread_cpu_us() - c0;
    const long faults = minor_faults() - f0;
    t0 = now_us();
    (void)lake->search(key, std::span(queries).subspan(static_cast<std::size_t>(load + 1) * kDim, kDim), kK);
    const double second = now_us() - t0;
    first.push_back(wall);
    std::printf("load %d: %.3f s, first %.0f us (cpu %.0f, %ld faults), second %.0f us\n", load, load_s, wall, cpu,
                faults, second);
  }
  // Each steady query timed alone (median): on a loaded machine a batch mean counts preemptions.
  std::vector<double> steady;
  std::vector<double> steady_cpu;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t q = 0; q < 200; ++q) {
      const double c0 = thread_cpu_us();
      const double t0 = now_us();
      (void)lake->search(key, std::span(queries).subspan((static_cast<std::size_t>(loads) + q) * kDim, kDim), kK);
      steady.push_back(now_us() - t0);
      steady_cpu.push_back(thread_cpu_us() - c0);
    }
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double first_median = median(first);
  std::printf("first median %.0f us, steady median %.0f us (cpu %.0f): %.2fx\n", first_median, median(steady),
              median(steady_cpu), first_median / median(steady));
  return 0;
}
