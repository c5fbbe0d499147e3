// Developer tool, not part of the build: the text encoder's CPU time per stage (tokenize,
// embeddings, per layer QKV GEMM / attention / out-proj / LayerNorms / FFN up / GELU / FFN down,
// pooling) without the Python layer, on one thread, best of N passes. Build against a release
// libruvector_core.a (the wheel's, or `cmake -B build/release-core -DCMAKE_BUILD_TYPE=Release
// -DRUVECTOR_BUILD_TESTS=OFF && ninja -C build/release-core ruvector_core`):
//   g++ -std=c++20 -O2 -Isrc bench/text_encoder_profile.cpp <dir>/src/ruvector/libruvector_core.a \
//       <dir>/src/ruvector/libruvector_utf8proc.a -lpthread -o /tmp/text_encoder_profile
// Add -DRV_TOTAL_ONLY to build it against a core without EncoderProfile (an older build, for A/B).
// Run:  text_encoder_profile <model dir> <texts file, one per line> fp32|int8 <batch> <passes>
// Prints one line per stage "stage<TAB>ms per text" (best pass) and "total", CPU time of this
// process (which runs one thread); bench/text_encoder_profile.py turns runs into the Markdown table.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/embed/text_encoder.hpp"

#if !defined(RV_TOTAL_ONLY)
using ruvector::embed::EncoderProfile;
#endif

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: text_encoder_profile <model dir> <texts file> fp32|int8 <batch> <passes>\n";
    return 2;
  }
  const auto format = ruvector::embed::parse_weight_format(argv[3]);
  const auto batch = static_cast<std::size_t>(std::atoi(argv[4]));
  const int passes = std::atoi(argv[5]);
  std::ifstream in(argv[2]);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  const std::vector<std::string_view> texts(lines.begin(), lines.end());
  const auto encoder = ruvector::embed::TextEncoder::load(argv[1], format);
  // Warm-up: page in the weights, size the buffers.
  (void)encoder->embed(std::span(texts.data(), std::min(texts.size(), batch)), batch);
  double best = std::numeric_limits<double>::infinity();
#if !defined(RV_TOTAL_ONLY)
  EncoderProfile best_profile;
#endif
  for (int pass = 0; pass < passes; ++pass) {
    const double start = cpu_seconds();
#if defined(RV_TOTAL_ONLY)
    for (std::size_t i = 0; i < texts.size(); i += batch) {
      (void)encoder->embed(std::span(texts.data() + i, std::min(batch, texts.size() - i)), batch);
    }
#else
    EncoderProfile profile;
    for (std::size_t i = 0; i < texts.size(); i += batch) {
      (void)encoder->embed(std::span(texts.data() + i, std::min(batch, texts.size() - i)), batch, {}, &profile);
    }
#endif
    const double elapsed = cpu_seconds() - start;
    if (elapsed < best) {
      best = elapsed;
#if !defined(RV_TOTAL_ONLY)
      best_profile = profile;
#endif
    }
  }
  const double per_text_ms = 1e3 / static_cast<double>(texts.size());
#if !defined(RV_TOTAL_ONLY)
  for (std::size_t s = 0; s < EncoderProfile::kStages; ++s) {
    const auto stage = static_cast<EncoderProfile::Stage>(s);
    std::printf("%s\t%.5f\n", std::string(EncoderProfile::name(stage)).c_str(), best_profile.seconds[s] * per_text_ms);
  }
#endif
  std::printf("total\t%.5f\n", best * per_text_ms);
  return 0;
}
