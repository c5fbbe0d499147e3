// nanobind glue for ruvector._core.Collection: type translation only. A caller's embedder and index
// (Python objects, already adapted by collection.py to return float32 matrices / (ids, distances)
// arrays) are wrapped as core interfaces that take the GIL for each call; the GIL is released while
// the core works.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>  // every TU that casts std::string must see the same caster (ODR)
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "ruvector/collection/collection.hpp"
#include "ruvector/core/error.hpp"
#include "text_encoder_handle.hpp"
#include "utf8_views.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace {

using U64Matrix = nb::ndarray<const std::uint64_t, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

nb::list str_list(std::span<const std::string_view> texts) {
  nb::list out;
  for (const std::string_view t : texts) out.append(nb::str(t.data(), t.size()));
  return out;
}

template <class T>
nb::ndarray<nb::numpy, T> numpy_copy(std::span<const T> values, std::size_t rows) {
  std::vector<T> copy(values.begin(), values.end());
  const std::size_t cols = rows == 0 ? 0 : values.size() / rows;
  return ruvector::python::to_numpy(std::move(copy), rows, cols);
}

nb::object numpy_ids(std::span<const std::uint64_t> ids) {
  auto* owned = new std::vector<std::uint64_t>(ids.begin(), ids.end());
  const nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<std::uint64_t>*>(p); });
  return nb::cast(nb::ndarray<nb::numpy, std::uint64_t, nb::ndim<1>>(owned->data(), {owned->size()}, owner));
}

// A Python object with add/search/remove/__len__ (collection.py's adapter around the caller's index).
class PythonIndex final : public ruvector::CollectionIndex {
 public:
  PythonIndex(nb::object index, std::size_t dim) : index_(std::move(index)), dim_(dim) {}
  PythonIndex(const PythonIndex&) = delete;
  PythonIndex& operator=(const PythonIndex&) = delete;
  ~PythonIndex() override {
    const nb::gil_scoped_acquire gil;
    index_.reset();
  }
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids) override {
    const nb::gil_scoped_acquire gil;
    index_.attr("add")(numpy_copy(vectors, vectors.size() / dim_), numpy_ids(ids));
  }
  std::size_t remove(std::span<const std::uint64_t> ids) override {
    const nb::gil_scoped_acquire gil;
    return nb::cast<std::size_t>(index_.attr("remove")(std::vector<std::uint64_t>(ids.begin(), ids.end())));
  }
  [[nodiscard]] ruvector::SearchResults search(std::span<const float> queries, std::int64_t k) const override {
    const nb::gil_scoped_acquire gil;
    const nb::tuple found = nb::cast<nb::tuple>(index_.attr("search")(numpy_copy(queries, queries.size() / dim_), k));
    const auto ids = nb::cast<U64Matrix>(found[0]);
    const auto distances = nb::cast<ruvector::python::F32Matrix>(found[1]);
    ruvector::SearchResults out;
    out.queries = ids.shape(0);
    out.k = ids.shape(1);
    if (distances.shape(0) != out.queries || distances.shape(1) != out.k) {
      ruvector::throw_error(ruvector::ErrorCode::kInvalidInput,
                            "the index returned ids and distances of different shapes");
    }
    out.ids.assign(ids.data(), ids.data() + ids.size());
    out.distances.assign(distances.data(), distances.data() + distances.size());
    return out;
  }
  [[nodiscard]] std::size_t size() const override {
    const nb::gil_scoped_acquire gil;
    return nb::len(index_);
  }
  [[nodiscard]] std::string_view kind() const override { return "custom"; }

 private:
  nb::object index_;
  std::size_t dim_;
};

// Holds a Python callable past the GIL release: copied and destroyed only with the GIL held.
struct SharedCallable {
  explicit SharedCallable(nb::object f) : fn(std::move(f)) {}
  SharedCallable(const SharedCallable&) = delete;
  SharedCallable& operator=(const SharedCallable&) = delete;
  ~SharedCallable() {
    const nb::gil_scoped_acquire gil;
    fn.reset();
  }
  nb::object fn;
};

// _core.HashEmbedder, _core.TextEncoder, or (dim, fn) with fn(list[str]) -> a float32 C-contiguous matrix.
std::shared_ptr<const ruvector::CollectionEncoder> encoder_of(const nb::handle& encoder) {
  if (nb::isinstance<ruvector::HashEmbedder>(encoder)) {
    return ruvector::hash_collection_encoder(nb::cast<const ruvector::HashEmbedder&>(encoder));
  }
  if (nb::isinstance<ruvector::python::PyTextEncoder>(encoder)) {
    return ruvector::text_collection_encoder(nb::cast<const ruvector::python::PyTextEncoder&>(encoder).impl);
  }
  const nb::tuple pair = nb::cast<nb::tuple>(encoder);
  const auto dim = nb::cast<std::size_t>(pair[0]);
  auto fn = std::make_shared<SharedCallable>(nb::borrow(pair[1]));
  return ruvector::function_collection_encoder(dim, [fn](std::span<const std::string_view> texts) {
    const nb::gil_scoped_acquire gil;
    const auto rows = nb::cast<ruvector::python::F32Matrix>(fn->fn(str_list(texts)));
    return std::vector<float>(rows.data(), rows.data() + rows.size());
  });
}

ruvector::CollectionOptions options_of(std::string_view metric, std::size_t rabitq_threshold,
                                       const nb::object& index_factory) {
  ruvector::CollectionOptions options;
  options.metric = ruvector::parse_metric(metric);
  options.rabitq_threshold = rabitq_threshold;
  if (!index_factory.is_none()) {
    auto factory = std::make_shared<SharedCallable>(index_factory);
    options.index_factory = [factory](std::span<const float> vectors, std::size_t dim,
                                      std::span<const std::uint64_t> ids, ruvector::Metric m) {
      const nb::gil_scoped_acquire gil;
      nb::object index =
          factory->fn(numpy_copy(vectors, vectors.size() / dim), numpy_ids(ids), std::string(ruvector::metric_name(m)));
      return std::unique_ptr<ruvector::CollectionIndex>(std::make_unique<PythonIndex>(std::move(index), dim));
    };
  }
  return options;
}

std::vector<std::string_view> views_of(const std::vector<std::string>& values) {
  return {values.begin(), values.end()};
}

nb::list hits_of(std::vector<std::vector<ruvector::CollectionHit>>&& results) {
  nb::list out;
  for (auto& row : results) {
    nb::list hits;
    for (auto& h : row) hits.append(nb::make_tuple(h.id, h.score, std::move(h.text), std::move(h.meta)));
    out.append(hits);
  }
  return out;
}

}  // namespace

void register_collection(nb::module_& m) {
  nb::class_<ruvector::Collection>(m, "Collection")
      .def(
          "__init__",
          [](ruvector::Collection* self, const nb::object& encoder, std::string_view metric,
             std::size_t rabitq_threshold, const nb::object& index_factory) {
            new (self) ruvector::Collection(encoder_of(encoder), options_of(metric, rabitq_threshold, index_factory));
          },
          "encoder"_a, "metric"_a, "rabitq_threshold"_a, "index_factory"_a.none())
      .def_ro_static("default_rabitq_threshold", &ruvector::CollectionOptions::kDefaultRabitqThreshold)
      .def(
          "add",
          [](ruvector::Collection& self, const nb::list& texts, const std::vector<std::uint64_t>& ids,
             const std::vector<std::string>& metas) {
            std::vector<nb::object> keep_alive;
            const std::vector<std::string_view> views = ruvector::python::utf8_views(texts, keep_alive);
            const std::vector<std::string_view> meta_views = views_of(metas);
            const nb::gil_scoped_release unlocked;
            return self.add(views, ids, meta_views);
          },
          "texts"_a, "ids"_a, "metas"_a)
      .def(
          "remove",
          [](ruvector::Collection& self, const std::vector<std::uint64_t>& ids) {
            const nb::gil_scoped_release unlocked;
            return self.remove(ids);
          },
          "ids"_a)
      .def(
          "query",
          [](const ruvector::Collection& self, const nb::list& texts, std::int64_t k, const std::string& filter) {
            std::vector<nb::object> keep_alive;
            const std::vector<std::string_view> views = ruvector::python::utf8_views(texts, keep_alive);
            std::vector<std::vector<ruvector::CollectionHit>> results;
            {
              const nb::gil_scoped_release unlocked;
              results = self.query(views, k, filter);
            }
            return hits_of(std::move(results));
          },
          "texts"_a, "k"_a, "filter"_a)
      .def(
          "ids",
          [](const ruvector::Collection& self, const std::string& filter) {
            const nb::gil_scoped_release unlocked;
            return self.ids(filter);
          },
          "filter"_a)
      .def(
          "get",
          [](const ruvector::Collection& self, const std::vector<std::uint64_t>& ids) {
            std::vector<std::vector<ruvector::CollectionHit>> found(1);
            {
              const nb::gil_scoped_release unlocked;
              found[0] = self.get(ids);
            }
            const nb::list rows = hits_of(std::move(found));
            return nb::borrow<nb::list>(rows[0]);
          },
          "ids"_a)
      .def("serialize", &ruvector::python::serialized<ruvector::Collection>)
      .def_static(
          "deserialize",
          [](const nb::bytes& data, const nb::object& encoder, std::size_t rabitq_threshold,
             const nb::object& index_factory) {
            const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data.data()), data.size());
            auto options = options_of("cosine", rabitq_threshold, index_factory);
            auto core_encoder = encoder_of(encoder);
            const nb::gil_scoped_release unlocked;
            return ruvector::Collection::deserialize(bytes, std::move(core_encoder), std::move(options));
          },
          "data"_a, "encoder"_a, "rabitq_threshold"_a, "index_factory"_a.none())
      .def(
          "save",
          [](const ruvector::Collection& self, const std::string& path) {
            const nb::gil_scoped_release unlocked;
            self.save(path);
          },
          "path"_a)
      .def_static(
          "load",
          [](const std::string& path, const nb::object& encoder, std::size_t rabitq_threshold,
             const nb::object& index_factory) {
            auto options = options_of("cosine", rabitq_threshold, index_factory);
            auto core_encoder = encoder_of(encoder);
            const nb::gil_scoped_release unlocked;
            return ruvector::Collection::load(path, std::move(core_encoder), std::move(options));
          },
          "path"_a, "encoder"_a, "rabitq_threshold"_a, "index_factory"_a.none())
      .def("__len__", &ruvector::Collection::size)
      .def("contains", &ruvector::Collection::contains, "id"_a)
      .def_prop_ro("dim", &ruvector::Collection::dim)
      .def_prop_ro("metric", [](const ruvector::Collection& self) { return std::string(metric_name(self.metric())); })
      .def_prop_ro("rabitq_threshold", &ruvector::Collection::rabitq_threshold)
      .def_prop_ro("index_kind", &ruvector::Collection::index_kind)
      .def_prop_ro("encoder_description",
                   [](const ruvector::Collection& self) { return self.encoder().description(); });
}
