// Developer tool, not part of the build: CPU time per image of the image encoder, fp32 and static
// INT8, on one thread without the Python layer (best of N passes over the same images). Build
// against a release libruvector_core.a (`cmake -B build/release-core -G Ninja
// -DCMAKE_BUILD_TYPE=Release -DRUVECTOR_BUILD_TESTS=OFF && ninja -C build/release-core ruvector_core`):
//   g++ -std=c++20 -O2 -Isrc bench/image_encoder_profile.cpp build/release-core/src/ruvector/libruvector_core.a \
//       build/release-core/src/ruvector/libruvector_utf8proc.a -lpthread -o /tmp/image_encoder_profile
// Run:  image_encoder_profile <efficientnet-lite0.safetensors> [images] [passes] [int8]
// (with `int8`, only the INT8 encoder is timed: for perf record)
// The images are synthetic 224 x 224 gradients with noise (the speed does not depend on content);
// the INT8 encoder is calibrated (min/max) on the first two.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <random>
#include <string_view>
#include <vector>

#include "ruvector/embed/image_encoder.hpp"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double best_ms_per_image(const ruvector::embed::ImageEncoder& encoder,
                         const std::vector<ruvector::embed::ImageView>& views, int passes) {
  double best = std::numeric_limits<double>::max();
  (void)encoder.embed(views);  // warm-up
  for (int p = 0; p < passes; ++p) {
    const double t0 = cpu_seconds();
    (void)encoder.embed(views);
    best = std::min(best, (cpu_seconds() - t0) * 1e3 / static_cast<double>(views.size()));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <efficientnet-lite0.safetensors> [images] [passes]\n", argv[0]);
    return 2;
  }
  const std::size_t n = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 8;
  const int passes = argc > 3 ? std::atoi(argv[3]) : 3;
  constexpr std::size_t kSide = 224;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> noise(0, 40);
  std::vector<std::vector<std::uint8_t>> pixels(n, std::vector<std::uint8_t>(kSide * kSide * 3));
  std::vector<ruvector::embed::ImageView> views;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t p = 0; p < kSide * kSide * 3; ++p)
      pixels[i][p] = static_cast<std::uint8_t>(((p / 3) % kSide + i * 17 + (p % 3) * 50 + noise(rng)) % 256);
    views.push_back({std::span<const std::uint8_t>(pixels[i]), kSide, kSide, 3});
  }
  const auto fp32 = ruvector::embed::ImageEncoder::load(argv[1]);
  const auto calibration = fp32->calibrate(std::span(views).first(std::min<std::size_t>(2, n)),
                                           ruvector::embed::CalibrationMethod::kMinMax, 99.99, {});
  const auto int8 = fp32->quantized(calibration);
  const bool int8_only = argc > 4 && std::string_view(argv[4]) == "int8";
  const double q = best_ms_per_image(*int8, views, passes);
  if (int8_only) {
    std::printf("int8\t%.2f ms/image\t%.1f images/s\n", q, 1e3 / q);
    return 0;
  }
  const double f = best_ms_per_image(*fp32, views, passes);
  std::printf("fp32\t%.2f ms/image\t%.1f images/s\nint8\t%.2f ms/image\t%.1f images/s\nint8/fp32 speed\t%.2fx\n", f,
              1e3 / f, q, 1e3 / q, f / q);
  return 0;
}
