// nanobind glue for ruvector._core: translates numpy arrays and errors, nothing else. The GIL is
// released around every call that touches vectors.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/version.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/simd/distance_matrix.hpp"
#include "ruvector/simd/kernels.hpp"

namespace nb = nanobind;
using namespace nb::literals;

void register_embed(nb::module_& m);       // embed_bindings.cpp
void register_rabitq(nb::module_& m);      // rabitq_bindings.cpp
void register_a2a(nb::module_& m);         // a2a_bindings.cpp
void register_witness(nb::module_& m);     // witness_bindings.cpp
void register_lake(nb::module_& m);        // lake_bindings.cpp
void register_collection(nb::module_& m);  // collection_bindings.cpp

using namespace ruvector::python;  // NOLINT(google-build-using-namespace)

NB_MODULE(_core, m) {
  m.doc() = "ruvector native core (use the `ruvector` package, not this module)";

  // Errors become the classes of ruvector.errors, looked up by the shared name.
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const ruvector::Error& e) {
      nb::object cls = nb::module_::import_("ruvector.errors").attr(std::string(e.name()).c_str());
      PyErr_SetString(cls.ptr(), e.what());
    }
  });

  m.def("version", [] { return std::string(ruvector::version()); });
  m.def("cpu_features", [] {
    const auto f = ruvector::simd::cpu_features();
    nb::dict d;
    d["isa"] = std::string(ruvector::simd::isa_name(ruvector::simd::active_kernels().isa));
    nb::list available;
    for (const auto isa : ruvector::simd::available_isas())
      available.append(std::string(ruvector::simd::isa_name(isa)));
    d["available"] = available;
    for (const auto& [name, on] : f.named()) d[nb::str(name.data(), name.size())] = on;
    return d;
  });

  m.def(
      "distances",
      [](const F32Matrix& a, const F32Matrix& b, std::string_view metric, unsigned threads) {
        const auto parsed = ruvector::parse_metric(metric);
        const std::size_t dim = a.shape(1);
        ruvector::check_dim(dim, b.shape(1));
        std::vector<float> out(a.shape(0) * b.shape(0));
        {
          nb::gil_scoped_release unlocked;
          ruvector::distance_matrix(span_of(a), span_of(b), dim, parsed, out, threads);
        }
        return to_numpy(std::move(out), a.shape(0), b.shape(0));
      },
      "a"_a.noconvert(), "b"_a.noconvert(), "metric"_a, "threads"_a = 0);

  m.def(
      "hamming",
      [](const U8Matrix& a, const U8Matrix& b, unsigned threads) {
        const std::size_t bytes = a.shape(1);
        ruvector::check_dim(bytes, b.shape(1), "bytes");
        std::vector<std::uint32_t> out(a.shape(0) * b.shape(0));
        {
          nb::gil_scoped_release unlocked;
          ruvector::hamming_matrix({a.data(), a.size()}, {b.data(), b.size()}, bytes, out, threads);
        }
        return to_numpy(std::move(out), a.shape(0), b.shape(0));
      },
      "a"_a.noconvert(), "b"_a.noconvert(), "threads"_a = 0);

  nb::class_<ruvector::FlatIndex>(m, "FlatIndex")
      .def(
          "__init__",
          [](ruvector::FlatIndex* self, std::int64_t dim, std::string_view metric) {
            new (self) ruvector::FlatIndex(ruvector::checked_dim(dim), ruvector::parse_metric(metric));
          },
          "dim"_a, "metric"_a)
      .def(
          "add",
          [](ruvector::FlatIndex& self, const F32Matrix& vectors, const std::optional<U64Vector>& ids) {
            if (vectors.shape(0) > 0) ruvector::check_dim(self.dim(), vectors.shape(1));  // empty: core says so
            nb::gil_scoped_release unlocked;
            self.add(span_of(vectors), ids ? span_of(*ids) : std::span<const std::uint64_t>{});
          },
          "vectors"_a.noconvert(), "ids"_a.noconvert() = nb::none())
      .def(
          "remove",
          [](ruvector::FlatIndex& self, const U64Vector& ids) {
            nb::gil_scoped_release unlocked;
            return self.remove(span_of(ids));
          },
          "ids"_a.noconvert())
      .def(
          "search",
          [](const ruvector::FlatIndex& self, const F32Matrix& queries, std::int64_t k, unsigned threads) {
            if (queries.shape(0) > 0) ruvector::check_dim(self.dim(), queries.shape(1));
            ruvector::SearchResults r;
            {
              nb::gil_scoped_release unlocked;
              r = self.search(span_of(queries), k, threads);
            }
            return search_results(std::move(r));
          },
          "queries"_a.noconvert(), "k"_a, "threads"_a = 0)
      .def("__len__", &ruvector::FlatIndex::size)
      .def_prop_ro("dim", &ruvector::FlatIndex::dim)
      .def_prop_ro("metric",
                   [](const ruvector::FlatIndex& self) { return std::string(ruvector::metric_name(self.metric())); })
      .def_prop_ro("memory_bytes", &ruvector::FlatIndex::memory_bytes);

  register_embed(m);
  register_rabitq(m);
  register_a2a(m);
  register_witness(m);
  register_lake(m);
  register_collection(m);
}
