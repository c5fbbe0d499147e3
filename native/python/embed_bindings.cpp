// nanobind glue for ruvector._core.HashEmbedder, TextEncoder and ImageEncoder: type translation
// only. Texts are read as the UTF-8 buffers Python already keeps for str objects and images as the
// numpy buffers (no copy); the GIL is released while the core embeds.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>  // every TU that casts std::string must see the same caster (ODR)
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "progress.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/hash_embedder.hpp"
#include "ruvector/embed/image_encoder.hpp"
#include "ruvector/embed/text_encoder.hpp"
#include "text_encoder_handle.hpp"
#include "utf8_views.hpp"

namespace nb = nanobind;
using namespace nb::literals;

using ruvector::python::PyTextEncoder;
using ruvector::python::utf8_of;
using ruvector::python::utf8_views;

namespace {

struct PyImageEncoder {
  std::shared_ptr<const ruvector::embed::ImageEncoder> impl;
};

// HWC uint8 images; the Python layer (ruvector.embed) turns PIL images and 2-D arrays into these.
using ImageArray = nb::ndarray<const std::uint8_t, nb::ndim<3>, nb::c_contig, nb::device::cpu>;

std::vector<ruvector::embed::ImageView> image_views(const nb::list& images, std::vector<ImageArray>& keep_alive) {
  std::vector<ruvector::embed::ImageView> views;
  views.reserve(images.size());
  keep_alive.reserve(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    ImageArray a;
    if (!nb::try_cast(images[i], a, false)) {
      ruvector::throw_error(
          ruvector::ErrorCode::kInvalidInput,
          "images[" + std::to_string(i) + "] must be a C-contiguous uint8 array (height, width, channels)");
    }
    keep_alive.push_back(a);
    views.push_back({{a.data(), a.size()}, a.shape(0), a.shape(1), a.shape(2)});
  }
  return views;
}

// A user's progress(done, total), or (bar) a progress bar's (stage, fraction): the same core steps.
ruvector::python::ProgressArgs embed_progress_args(bool bar) {
  return bar ? ruvector::python::ProgressArgs::kStageFraction : ruvector::python::ProgressArgs::kDoneTotal;
}

// embed() or logits() of a list of images, the GIL released while the core works.
template <class Method>
nb::ndarray<nb::numpy, float> run_images(const PyImageEncoder& self, const nb::list& images, const nb::object& progress,
                                         bool bar, Method method, std::size_t cols) {
  std::vector<ImageArray> keep_alive;
  const auto views = image_views(images, keep_alive);
  const auto report = ruvector::python::progress_callback(progress, embed_progress_args(bar));
  std::vector<float> out;
  {
    const nb::gil_scoped_release unlocked;
    out = ((*self.impl).*method)(views, report);
  }
  return ruvector::python::to_numpy(std::move(out), views.size(), cols);
}

}  // namespace

void register_embed(nb::module_& m) {
  nb::class_<ruvector::HashEmbedder>(m, "HashEmbedder")
      .def(
          "__init__",
          [](ruvector::HashEmbedder* self, std::int64_t dim, std::int64_t ngram_min, std::int64_t ngram_max,
             std::uint64_t seed) {
            new (self) ruvector::HashEmbedder(ruvector::HashEmbedderOptions{dim, ngram_min, ngram_max, seed});
          },
          "dim"_a, "ngram_min"_a, "ngram_max"_a, "seed"_a)
      .def(
          "embed",
          [](const ruvector::HashEmbedder& self, const nb::list& texts, unsigned threads) {
            const std::size_t n = texts.size();
            std::vector<nb::object> keep_alive;
            const std::vector<std::string_view> views = utf8_views(texts, keep_alive);
            std::vector<float> out;
            {
              nb::gil_scoped_release unlocked;
              out = self.embed(views, threads);
            }
            return ruvector::python::to_numpy(std::move(out), n, self.dim());
          },
          "texts"_a, "threads"_a = 0)
      .def_prop_ro("dim", &ruvector::HashEmbedder::dim)
      .def_prop_ro("ngram_min", &ruvector::HashEmbedder::ngram_min)
      .def_prop_ro("ngram_max", &ruvector::HashEmbedder::ngram_max)
      .def_prop_ro("seed", &ruvector::HashEmbedder::seed);

  nb::class_<PyTextEncoder>(m, "TextEncoder")
      .def_static(
          "load",
          [](const std::string& path, const std::optional<std::string>& quantize) {
            const auto format =
                quantize ? ruvector::embed::parse_weight_format(*quantize) : ruvector::embed::kDefaultWeightFormat;
            const nb::gil_scoped_release unlocked;
            return PyTextEncoder{ruvector::embed::TextEncoder::load(path, format)};
          },
          "path"_a, "quantize"_a = nb::none())
      .def(
          "embed",
          [](const PyTextEncoder& self, const nb::list& texts, std::size_t batch_size, nb::object progress, bool bar,
             const std::string& prompt_name) {
            std::vector<nb::object> keep_alive;
            const std::vector<std::string_view> views = utf8_views(texts, keep_alive);
            const auto report = ruvector::python::progress_callback(progress, embed_progress_args(bar));
            std::vector<float> out;
            {
              const nb::gil_scoped_release unlocked;
              out = self.impl->embed(views, batch_size, report, nullptr, prompt_name);
            }
            return ruvector::python::to_numpy(std::move(out), views.size(), self.impl->dim());
          },
          "texts"_a, "batch_size"_a = ruvector::embed::TextEncoder::kDefaultBatchSize, "progress"_a = nb::none(),
          "bar"_a = false, "prompt_name"_a = "")
      .def(
          "tokenize",
          [](const PyTextEncoder& self, const nb::str& text, const std::string& prompt_name) {
            std::vector<nb::object> keep_alive;
            const std::string_view view = utf8_of(text, 0, keep_alive);
            return self.impl->tokenize(view, prompt_name);
          },
          "text"_a, "prompt_name"_a = "")
      .def_prop_ro("prompts",
                   [](const PyTextEncoder& self) {
                     nb::dict out;
                     for (const auto& [name, text] : self.impl->prompts().named) out[nb::str(name.c_str())] = text;
                     return out;
                   })
      .def_prop_ro("default_prompt_name", [](const PyTextEncoder& self) { return self.impl->prompts().default_name; })
      .def_prop_ro("dim", [](const PyTextEncoder& self) { return self.impl->dim(); })
      .def_prop_ro("max_seq_length", [](const PyTextEncoder& self) { return self.impl->max_seq_length(); })
      .def_prop_ro("pooling", [](const PyTextEncoder& self) { return std::string(pooling_name(self.impl->pooling())); })
      .def_prop_ro("normalize", [](const PyTextEncoder& self) { return self.impl->normalize(); })
      .def_prop_ro("quantize", [](const PyTextEncoder& self) {
        return std::string(weight_format_name(self.impl->model().weight_format()));
      });

  nb::class_<PyImageEncoder>(m, "ImageEncoder")
      .def_static(
          "load",
          [](const std::string& path) {
            const nb::gil_scoped_release unlocked;
            return PyImageEncoder{ruvector::embed::ImageEncoder::load(path)};
          },
          "path"_a)
      .def(
          "embed",
          [](const PyImageEncoder& self, const nb::list& images, const nb::object& progress, bool bar) {
            return run_images(self, images, progress, bar, &ruvector::embed::ImageEncoder::embed, self.impl->dim());
          },
          "images"_a, "progress"_a = nb::none(), "bar"_a = false)
      .def(
          "logits",
          [](const PyImageEncoder& self, const nb::list& images, const nb::object& progress, bool bar) {
            return run_images(self, images, progress, bar, &ruvector::embed::ImageEncoder::logits,
                              self.impl->num_classes());
          },
          "images"_a, "progress"_a = nb::none(), "bar"_a = false)
      .def(
          "calibrate",
          [](const PyImageEncoder& self, const nb::list& images, const std::string& method, double percentile,
             const nb::object& progress) {
            const auto how = ruvector::embed::calibration_method(method);
            std::vector<ImageArray> keep_alive;
            const auto views = image_views(images, keep_alive);
            const auto report =
                ruvector::python::progress_callback(progress, ruvector::python::ProgressArgs::kDoneTotal);
            const nb::gil_scoped_release unlocked;
            return self.impl->calibrate(views, how, percentile, report).to_json();
          },
          "images"_a, "method"_a, "percentile"_a, "progress"_a = nb::none())
      .def(
          "quantized",
          [](const PyImageEncoder& self, const std::string& calibration_json) {
            const auto calibration = ruvector::embed::ImageCalibration::from_json(calibration_json);
            const nb::gil_scoped_release unlocked;
            return PyImageEncoder{self.impl->quantized(calibration)};
          },
          "calibration_json"_a)
      .def_prop_ro("calibration",
                   [](const PyImageEncoder& self) -> std::optional<std::string> {
                     if (self.impl->calibration() == nullptr) return std::nullopt;
                     return self.impl->calibration()->to_json();
                   })
      .def_prop_ro("dim", [](const PyImageEncoder& self) { return self.impl->dim(); })
      .def_prop_ro("num_classes", [](const PyImageEncoder& self) { return self.impl->num_classes(); })
      .def_prop_ro("input_size", [](const PyImageEncoder&) { return ruvector::embed::ImageEncoder::kInputSize; });
}
