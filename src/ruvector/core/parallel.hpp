// parallel_for over [0, n): natively on up to `threads` std::threads (0 = all cores), serially in
// wasm (no pthreads in the wasm build). The first exception thrown by any chunk is rethrown. When
// the system refuses a thread (a pids limit, no memory for its stack), the threads already started
// stop after their current chunk and the call fails with RuVectorError instead of std::terminate:
// bodies must only write to the call's own outputs, so a failed call changes nothing else.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "ruvector/core/error.hpp"

namespace ruvector {

// More threads than this is a caller's mistake (InvalidInput), not a request to try.
inline constexpr unsigned kMaxThreads = 1024;

// std::thread::hardware_concurrency() reads sysfs on every call (glibc: /sys/devices/system/cpu/online),
// a few microseconds of system calls in each single-query search: asked once per process instead.
inline unsigned core_count() {
  static const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  return cores;
}

inline unsigned resolve_threads(unsigned requested, std::size_t work_items) {
  if (requested > kMaxThreads) {
    throw_error(ErrorCode::kInvalidInput, "threads must be in [1, " + std::to_string(kMaxThreads) +
                                              "] (or 0 for all cores), got " + std::to_string(requested));
  }
#if defined(__EMSCRIPTEN__)
  (void)requested;
  (void)work_items;
  return 1;
#else
  const unsigned t = requested != 0 ? requested : core_count();
  return static_cast<unsigned>(std::min<std::size_t>(t, std::max<std::size_t>(1, work_items)));
#endif
}

// Calls body(begin, end) on disjoint chunks covering [0, n).
template <class Body>
void parallel_for(std::size_t n, unsigned threads, std::size_t grain, Body&& body) {
  const unsigned t = resolve_threads(threads, (n + grain - 1) / std::max<std::size_t>(grain, 1));
  if (t <= 1 || n <= grain) {
    if (n > 0) body(std::size_t{0}, n);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    try {
      for (;;) {
        const std::size_t begin = next.fetch_add(grain);
        if (begin >= n) return;
        body(begin, std::min(n, begin + grain));
      }
    } catch (...) {
      const std::scoped_lock lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(n);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  try {
    for (unsigned i = 1; i < t; ++i) pool.emplace_back(worker);
  } catch (const std::system_error& e) {
    next.store(n);  // the threads already running stop after their current chunk
    for (auto& th : pool) th.join();
    throw_error(ErrorCode::kRuVectorError, "cannot start worker thread " + std::to_string(pool.size() + 1) + " of " +
                                               std::to_string(t - 1) + ": " + e.what());
  }
  worker();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace ruvector
