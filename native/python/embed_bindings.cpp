// nanobind glue for ruvector._core.HashEmbedder and TextEncoder: type translation only. Texts are
// read as the UTF-8 buffers Python already keeps for str objects (no copy); the GIL is released
// while the core embeds.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>  // every TU that casts std::string must see the same caster (ODR)
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/hash_embedder.hpp"
#include "ruvector/embed/text_encoder.hpp"
#include "text_encoder_handle.hpp"
#include "utf8_views.hpp"

namespace nb = nanobind;
using namespace nb::literals;

using ruvector::python::PyTextEncoder;
using ruvector::python::utf8_of;
using ruvector::python::utf8_views;

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
          [](const std::string& path) {
            const nb::gil_scoped_release unlocked;
            return PyTextEncoder{ruvector::embed::TextEncoder::load(path)};
          },
          "path"_a)
      .def(
          "embed",
          [](const PyTextEncoder& self, const nb::list& texts, std::size_t batch_size, nb::object progress) {
            std::vector<nb::object> keep_alive;
            const std::vector<std::string_view> views = utf8_views(texts, keep_alive);
            ruvector::embed::EmbedProgress report;
            if (!progress.is_none()) {
              report = [&progress](std::size_t done, std::size_t total) {
                const nb::gil_scoped_acquire gil;
                progress(done, total);
              };
            }
            std::vector<float> out;
            {
              const nb::gil_scoped_release unlocked;
              out = self.impl->embed(views, batch_size, report);
            }
            return ruvector::python::to_numpy(std::move(out), views.size(), self.impl->dim());
          },
          "texts"_a, "batch_size"_a = ruvector::embed::TextEncoder::kDefaultBatchSize, "progress"_a = nb::none())
      .def(
          "tokenize",
          [](const PyTextEncoder& self, const nb::str& text) {
            std::vector<nb::object> keep_alive;
            const std::string_view view = utf8_of(text, 0, keep_alive);
            return self.impl->tokenize(view);
          },
          "text"_a)
      .def_prop_ro("dim", [](const PyTextEncoder& self) { return self.impl->dim(); })
      .def_prop_ro("max_seq_length", [](const PyTextEncoder& self) { return self.impl->max_seq_length(); })
      .def_prop_ro("pooling", [](const PyTextEncoder& self) { return std::string(pooling_name(self.impl->pooling())); })
      .def_prop_ro("normalize", [](const PyTextEncoder& self) { return self.impl->normalize(); });
}
