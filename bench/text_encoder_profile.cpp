// Developer tool, not part of the build: the text encoder's CPU time per stage (tokenize,
// embeddings, per layer QKV GEMM / attention / out-proj / LayerNorms / FFN up / GELU / FFN down,
// pooling) without the Python layer, on one thread, best of N passes. Build against a release
// libruvector_core.a (the wheel's, or `cmake -B build/release-core -DCMAKE_BUILD_TYPE=Release
// -DRUVECTOR_BUILD_TESTS=OFF && ninja -C build/release-core ruvector_core`):
//   g++ -std=c++20 -O2 -Isrc bench/text_encoder_profile.cpp <dir>/src/ruvector/libruvector_core.a \
//       <dir>/src/ruvector/libruvector_utf8proc.a -lpthread -o /tmp/text_encoder_profile
// Add -DRV_TOTAL_ONLY to build it against a core without EncoderProfile (an older build, for A/B).
// As wasm (simd128, run under node):
//   em++ -std=c++20 -O3 -msimd128 -fexceptions -Isrc -isystem build/wasm/wasm-include bench/text_encoder_profile.cpp \
//       build/wasm/src/ruvector/libruvector_core.a build/wasm/src/ruvector/libruvector_utf8proc.a \
//       -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 --js-library bench/node_cpu_clock.js -o /tmp/text_encoder_profile.js
//   (with NODE_PATH=/usr/share/nodejs), run: node --no-experimental-fetch /tmp/text_encoder_profile.js <same arguments>
//   bench/node_cpu_clock.js makes clock() CPU time there too (emscripten's is wall time).
// Run:  text_encoder_profile <model dir> <texts file, one per line> fp32|int8 <batch> <passes>
// Prints one line per stage "stage<TAB>ms per text" (best pass) and "total", CPU time of this
// process (which runs one thread); bench/text_encoder_profile.py turns runs into the Markdown table.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <memory>
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

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return file ? std::string(std::istreambuf_iterator<char>(file), {}) : std::string();
}

// Native: the memory-mapped directory loader. wasm (em++ -sNODERAWFS=1, run under node): the files
// read into memory, as the JS binding hands them over.
std::shared_ptr<const ruvector::embed::TextEncoder> load_encoder(const std::string& dir,
                                                                 ruvector::embed::WeightFormat format) {
#if defined(__EMSCRIPTEN__)
  const auto texts =
      ruvector::embed::TextEncoderTexts::read([&](const std::string& p) { return read_file(dir + "/" + p); });
  auto weights = std::make_shared<std::string>(read_file(dir + "/model.safetensors"));
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(weights->data()), weights->size());
  return ruvector::embed::TextEncoder::from_files(texts.files(weights, bytes), format);
#else
  (void)read_file;
  return ruvector::embed::TextEncoder::load(dir, format);
#endif
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
  const auto encoder = load_encoder(argv[1], format);
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
