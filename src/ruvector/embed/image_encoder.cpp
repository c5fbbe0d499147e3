#include "ruvector/embed/image_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "ruvector/core/error.hpp"
#include "ruvector/simd/depthwise_i8.hpp"
#include "ruvector/simd/gemm.hpp"
#include "ruvector/simd/gemm_i8.hpp"

#if !defined(__EMSCRIPTEN__)
#include <filesystem>

#include "ruvector/core/file_io.hpp"
#include "ruvector/core/mapped_file.hpp"
#endif

namespace ruvector::embed {

namespace {

constexpr const char* kCalibrationFormat = "ruvector.image-int8-calibration.v1";

[[noreturn]] void bad(const std::string& what) {
  throw_error(ErrorCode::kInvalidInput, "INT8 calibration JSON: " + what);
}

void check_image(const ImageView& image, std::size_t index) {
  const std::string which = "image " + std::to_string(index);
  if (image.channels != 1 && image.channels != 3 && image.channels != 4)
    throw_error(ErrorCode::kInvalidInput,
                which + ": expected 1, 3 or 4 channels, got " + std::to_string(image.channels));
  if (image.height == 0 || image.width == 0)
    throw_error(ErrorCode::kInvalidInput,
                which + ": empty image (" + std::to_string(image.height) + " x " + std::to_string(image.width) + ")");
  // A product that wraps (32-bit size_t in wasm) would let a short buffer pass for a huge image.
  if (image.width > std::numeric_limits<std::size_t>::max() / image.height / image.channels)
    throw_error(ErrorCode::kInvalidInput, which + ": " + std::to_string(image.height) + " x " +
                                              std::to_string(image.width) + " x " + std::to_string(image.channels) +
                                              " pixels do not fit in memory");
  const std::size_t need = image.height * image.width * image.channels;
  if (image.pixels.size() != need)
    throw_error(ErrorCode::kInvalidInput, which + ": expected " + std::to_string(need) + " bytes for " +
                                              std::to_string(image.height) + " x " + std::to_string(image.width) +
                                              " x " + std::to_string(image.channels) + ", got " +
                                              std::to_string(image.pixels.size()));
}

// Antialiased linear resampling of one axis: output sample i covers input [i * scale, (i + 1) * scale)
// and weighs input samples with a triangle of half-width max(scale, 1) around its centre.
struct Taps {
  std::vector<std::size_t> first;
  std::vector<std::size_t> count;
  std::vector<float> weights;  // count[i] weights of output i, at offset i * width
  std::size_t width = 0;
};

Taps resample_taps(std::size_t in, std::size_t out) {
  const double scale = static_cast<double>(in) / static_cast<double>(out);
  const double support = std::max(scale, 1.0);
  Taps t;
  t.width = static_cast<std::size_t>(std::ceil(support)) * 2 + 1;
  t.first.resize(out);
  t.count.resize(out);
  t.weights.assign(out * t.width, 0.0F);
  for (std::size_t i = 0; i < out; ++i) {
    const double centre = (static_cast<double>(i) + 0.5) * scale;
    const auto lo = static_cast<std::ptrdiff_t>(std::floor(centre - support));
    const auto hi = static_cast<std::ptrdiff_t>(std::ceil(centre + support));
    const std::size_t first = static_cast<std::size_t>(std::max<std::ptrdiff_t>(lo, 0));
    const std::size_t last = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(hi, 0)), in);
    double total = 0;
    std::vector<double> w;
    for (std::size_t j = first; j < last; ++j) {
      const double d = std::abs((static_cast<double>(j) + 0.5 - centre) / support);
      w.push_back(d < 1.0 ? 1.0 - d : 0.0);
      total += w.back();
    }
    // Drop zero weights at either end so `count` stays within `width`.
    std::size_t begin = 0;
    std::size_t end = w.size();
    while (begin < end && w[begin] == 0.0) ++begin;
    while (end > begin && w[end - 1] == 0.0) --end;
    t.first[i] = first + begin;
    t.count[i] = end - begin;
    for (std::size_t j = begin; j < end; ++j) t.weights[i * t.width + (j - begin)] = static_cast<float>(w[j] / total);
  }
  return t;
}

// The central square of the image as RGB floats (a grey image's one channel three times).
std::vector<float> central_square_rgb(const ImageView& image) {
  const std::size_t side = std::min(image.height, image.width);
  const std::size_t top = (image.height - side) / 2;
  const std::size_t left = (image.width - side) / 2;
  const std::size_t ch = image.channels;
  std::vector<float> square(side * side * 3);
  for (std::size_t y = 0; y < side; ++y) {
    const std::uint8_t* row = image.pixels.data() + ((top + y) * image.width + left) * ch;
    for (std::size_t x = 0; x < side; ++x) {
      for (std::size_t c = 0; c < 3; ++c)
        square[(y * side + x) * 3 + c] = static_cast<float>(row[x * ch + (ch == 1 ? 0 : c)]);
    }
  }
  return square;
}

// Vertical pass: n rows of `side` RGB pixels, each a weighted sum of source rows.
std::vector<float> resample_rows(const std::vector<float>& square, std::size_t side, std::size_t n, const Taps& taps) {
  std::vector<float> rows(n * side * 3, 0.0F);
  for (std::size_t i = 0; i < n; ++i) {
    float* dst = rows.data() + i * side * 3;
    for (std::size_t k = 0; k < taps.count[i]; ++k) {
      const float w = taps.weights[i * taps.width + k];
      const float* src = square.data() + (taps.first[i] + k) * side * 3;
      for (std::size_t j = 0; j < side * 3; ++j) dst[j] += w * src[j];
    }
  }
  return rows;
}

// Horizontal pass: n x n RGB pixels, each a weighted sum of pixels of its row.
std::vector<float> resample_columns(const std::vector<float>& rows, std::size_t side, std::size_t n, const Taps& taps) {
  std::vector<float> out(n * n * 3, 0.0F);
  for (std::size_t y = 0; y < n; ++y) {
    for (std::size_t i = 0; i < n; ++i) {
      float* dst = out.data() + (y * n + i) * 3;
      for (std::size_t k = 0; k < taps.count[i]; ++k) {
        const float w = taps.weights[i * taps.width + k];
        const float* src = rows.data() + (y * side + taps.first[i] + k) * 3;
        for (std::size_t c = 0; c < 3; ++c) dst[c] += w * src[c];
      }
    }
  }
  return out;
}

}  // namespace

std::vector<float> preprocess_image(const ImageView& image) {
  check_image(image, 0);
  constexpr std::size_t n = ImageEncoder::kInputSize;
  const std::size_t side = std::min(image.height, image.width);
  std::vector<float> out = central_square_rgb(image);
  if (side != n) {
    const Taps taps = resample_taps(side, n);
    out = resample_columns(resample_rows(out, side, n, taps), side, n, taps);
  }
  for (float& v : out) v = (v - ImageEncoder::kMean) / ImageEncoder::kStd;
  return out;
}

ImageEncoder::ImageEncoder(const Safetensors& weights)
    : model_(std::make_shared<const EfficientNetLite>(weights, simd::active_ml_kernels())) {}

ImageEncoder::ImageEncoder(std::shared_ptr<const EfficientNetLite> model, const ImageCalibration& calibration)
    : model_(std::move(model)),
      int8_(std::make_shared<const EfficientNetLiteInt8>(*model_, calibration.ranges, simd::active_i8_kernels(),
                                                         simd::active_depthwise_i8_kernels())),
      calibration_(std::make_shared<const ImageCalibration>(calibration)) {}

void ImageEncoder::features(const float* x, float* out, Int8Workspace& work) const {
  if (int8_) {
    int8_->forward(x, kInputSize, kInputSize, out, work);
  } else {
    model_->forward(x, kInputSize, kInputSize, out, nullptr);
  }
}

ImageCalibration ImageEncoder::calibrate(std::span<const ImageView> images, CalibrationMethod method, double percentile,
                                         const EmbedProgress& progress) const {
  if (images.empty()) throw_error(ErrorCode::kInvalidInput, "calibration needs at least one image, got none");
  if (method == CalibrationMethod::kPercentile) check_percentile(percentile);
  for (std::size_t i = 0; i < images.size(); ++i) check_image(images[i], i);
  std::vector<ActivationStatistics> stats(model_->observed_tensors());
  std::vector<float> features(dim());
  // Pass 1 fixes each tensor's extremes; pass 2 (histogram methods) bins the same values again.
  const std::size_t passes = method == CalibrationMethod::kMinMax ? 1 : 2;
  for (std::size_t pass = 0; pass < passes; ++pass) {
    const ActivationObserver observe = [&](std::size_t tensor, std::span<const float> values) {
      if (pass == 0) {
        stats[tensor].observe_extremes(values.data(), values.size());
      } else {
        stats[tensor].observe_histogram(values.data(), values.size());
      }
    };
    for (std::size_t i = 0; i < images.size(); ++i) {
      const std::vector<float> x = preprocess_image(images[i]);
      model_->forward(x.data(), kInputSize, kInputSize, features.data(), nullptr, observe);
      if (progress) progress({"calibrate", pass * images.size() + i + 1, passes * images.size()});
    }
  }
  ImageCalibration calibration;
  calibration.method = method;
  calibration.percentile = percentile;
  calibration.images = images.size();
  for (const ActivationStatistics& s : stats) calibration.ranges.push_back(s.range(method, percentile));
  return calibration;
}

std::shared_ptr<const ImageEncoder> ImageEncoder::quantized(const ImageCalibration& calibration) const {
  return std::shared_ptr<const ImageEncoder>(new ImageEncoder(model_, calibration));
}

std::string ImageCalibration::to_json() const {
  boost::json::array list;
  for (const ActivationRange& r : ranges) list.push_back(boost::json::array{r.lo, r.hi});
  const boost::json::object o{{"format", kCalibrationFormat},
                              {"model", "efficientnet-lite0"},
                              {"method", calibration_method_name(method)},
                              {"percentile", percentile},
                              {"images", images},
                              {"ranges", std::move(list)}};
  return boost::json::serialize(o);
}

ImageCalibration ImageCalibration::from_json(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) bad("not a JSON object");
  const boost::json::object& o = v.get_object();
  const auto* format = o.if_contains("format");
  if (format == nullptr || !format->is_string() || format->get_string() != kCalibrationFormat)
    bad(std::string("'format' must be \"") + kCalibrationFormat + "\"");
  const auto* method = o.if_contains("method");
  if (method == nullptr || !method->is_string()) bad("'method' must be a string");
  ImageCalibration c;
  c.method = calibration_method(std::string_view(method->get_string()));
  if (const auto* p = o.if_contains("percentile"); p != nullptr && p->is_number())
    c.percentile = p->to_number<double>();
  if (const auto* n = o.if_contains("images"); n != nullptr && n->is_number()) c.images = n->to_number<std::size_t>();
  const auto* ranges = o.if_contains("ranges");
  if (ranges == nullptr || !ranges->is_array()) bad("'ranges' must be an array of [lo, hi] pairs");
  for (const boost::json::value& r : ranges->get_array()) {
    if (!r.is_array() || r.get_array().size() != 2 || !r.get_array()[0].is_number() || !r.get_array()[1].is_number())
      bad("range " + std::to_string(c.ranges.size()) + " is not a [lo, hi] pair of numbers");
    c.ranges.push_back({r.get_array()[0].to_number<float>(), r.get_array()[1].to_number<float>()});
  }
  return c;
}

std::shared_ptr<const ImageEncoder> ImageEncoder::from_safetensors(std::shared_ptr<const void> owner,
                                                                   std::span<const std::uint8_t> weights,
                                                                   const std::string& name) {
  const Safetensors tensors(std::move(owner), weights, name);
  // The model packs (copies) every weight, so the file is not needed after this.
  return std::make_shared<const ImageEncoder>(tensors);
}

#if !defined(__EMSCRIPTEN__)
std::shared_ptr<const ImageEncoder> ImageEncoder::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw_error(ErrorCode::kEmbedError, "model file '" + path + "' does not exist or is not a file");
  // Mapped only while loading: the model folds and packs every weight, so the mapping is gone when
  // this returns and a later truncation of the file does not matter.
  auto weights = std::make_shared<const MappedFile>(path);
  const std::span<const std::uint8_t> bytes = weights->bytes();
  return from_safetensors(std::move(weights), bytes, path);
}
#endif

std::vector<float> ImageEncoder::embed(std::span<const ImageView> images, const EmbedProgress& progress) const {
  for (std::size_t i = 0; i < images.size(); ++i) check_image(images[i], i);
  const std::size_t d = dim();
  std::vector<float> out(images.size() * d);
  Int8Workspace work;
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::vector<float> x = preprocess_image(images[i]);
    float* row = out.data() + i * d;
    features(x.data(), row, work);
    double sq = 0;
    for (std::size_t j = 0; j < d; ++j) sq += static_cast<double>(row[j]) * row[j];
    const auto norm = static_cast<float>(std::max(std::sqrt(sq), 1e-12));
    for (std::size_t j = 0; j < d; ++j) row[j] /= norm;
    if (progress) progress({"embed", i + 1, images.size()});
  }
  return out;
}

std::vector<float> ImageEncoder::logits(std::span<const ImageView> images, const EmbedProgress& progress) const {
  for (std::size_t i = 0; i < images.size(); ++i) check_image(images[i], i);
  const std::size_t classes = num_classes();
  std::vector<float> out(images.size() * classes);
  std::vector<float> pooled(dim());
  Int8Workspace work;
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::vector<float> x = preprocess_image(images[i]);
    features(x.data(), pooled.data(), work);
    model_->classify(pooled.data(), out.data() + i * classes);
    if (progress) progress({"logits", i + 1, images.size()});
  }
  return out;
}

}  // namespace ruvector::embed
