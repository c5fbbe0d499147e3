// nanobind glue for RabitqIndex: translation of arrays, options and the progress callback only.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include <optional>
#include <string>

#include "arrays.hpp"
#include "progress.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

namespace nb = nanobind;
using namespace nb::literals;
using ruvector::rabitq::RabitqIndex;
using namespace ruvector::python;  // NOLINT(google-build-using-namespace)

void register_rabitq(nb::module_& m) {
  const ruvector::rabitq::BuildParams kDefaults{};
  nb::class_<RabitqIndex>(m, "RabitqIndex")
      .def_static("defaults_json", &ruvector::rabitq::defaults_json)
      .def_static(
          "build",
          [](const F32Matrix& vectors, const std::optional<U64Vector>& ids, std::string_view metric, int bits,
             double rerank_factor, std::int64_t nlist, std::int64_t nprobe, std::uint64_t seed,
             std::string_view rotation, std::string_view store, unsigned threads, double target_recall, bool calibrate,
             nb::object progress) {
            ruvector::rabitq::BuildParams params;
            params.metric = ruvector::parse_metric(metric);
            params.bits = bits;
            params.rerank_factor = rerank_factor;
            params.nlist = nlist;
            params.nprobe = nprobe;
            params.seed = seed;
            params.rotation = ruvector::rabitq::parse_rotation(rotation);
            params.store = ruvector::rabitq::parse_store(store);
            params.threads = threads;
            params.target_recall = target_recall;
            params.calibrate = calibrate;
            const auto report =
                ruvector::python::progress_callback(progress, ruvector::python::ProgressArgs::kStageFraction);
            const std::size_t dim = vectors.shape(1);
            const std::span<const std::uint64_t> id_span = ids ? span_of(*ids) : std::span<const std::uint64_t>{};
            const nb::gil_scoped_release unlocked;
            return RabitqIndex::build(span_of(vectors), dim, id_span, params, report);
          },
          // The core's defaults (params.hpp), never spelled here.
          "vectors"_a.noconvert(), "ids"_a.noconvert() = nb::none(),
          "metric"_a = std::string(ruvector::metric_name(kDefaults.metric)), "bits"_a = kDefaults.bits,
          "rerank_factor"_a = kDefaults.rerank_factor, "nlist"_a = kDefaults.nlist, "nprobe"_a = kDefaults.nprobe,
          "seed"_a = kDefaults.seed, "rotation"_a = std::string(ruvector::rabitq::rotation_name(kDefaults.rotation)),
          "store"_a = std::string(ruvector::rabitq::store_name(kDefaults.store)), "threads"_a = kDefaults.threads,
          "target_recall"_a = kDefaults.target_recall, "calibrate"_a = kDefaults.calibrate, "progress"_a = nb::none())
      .def(
          "add",
          [](RabitqIndex& self, const F32Matrix& vectors, const std::optional<U64Vector>& ids, unsigned threads) {
            if (vectors.shape(0) > 0) ruvector::check_dim(self.dim(), vectors.shape(1));
            const nb::gil_scoped_release unlocked;
            self.add(span_of(vectors), ids ? span_of(*ids) : std::span<const std::uint64_t>{}, threads);
          },
          "vectors"_a.noconvert(), "ids"_a.noconvert() = nb::none(), "threads"_a = 0)
      .def(
          "remove",
          [](RabitqIndex& self, const U64Vector& ids) {
            const nb::gil_scoped_release unlocked;
            return self.remove(span_of(ids));
          },
          "ids"_a.noconvert())
      .def(
          "search",
          [](const RabitqIndex& self, const F32Matrix& queries, std::int64_t k, std::int64_t nprobe,
             double rerank_factor, unsigned threads, std::optional<double> target_recall) {
            if (queries.shape(0) > 0) ruvector::check_dim(self.dim(), queries.shape(1));
            ruvector::rabitq::SearchParams params{nprobe, rerank_factor, threads};
            params.target_recall = target_recall;
            ruvector::SearchResults r;
            {
              const nb::gil_scoped_release unlocked;
              r = self.search(span_of(queries), k, params);
            }
            return search_results(std::move(r));
          },
          "queries"_a.noconvert(), "k"_a, "nprobe"_a = 0, "rerank_factor"_a = 0.0, "threads"_a = 0,
          "target_recall"_a = nb::none())
      .def("serialize", &ruvector::python::serialized<RabitqIndex>)
      .def_static(
          "deserialize",
          [](const nb::bytes& data) {
            const std::span<const std::uint8_t> view(static_cast<const std::uint8_t*>(data.data()), data.size());
            const nb::gil_scoped_release unlocked;  // `data` stays referenced by the caller's frame
            return RabitqIndex::deserialize(view);
          },
          "data"_a)
      .def(
          "save",
          [](const RabitqIndex& self, const std::string& path) {
            const nb::gil_scoped_release unlocked;
            self.save(path);
          },
          "path"_a)
      .def_static(
          "load",
          [](const std::string& path, bool mmap) {
            const nb::gil_scoped_release unlocked;
            return RabitqIndex::load(path, mmap);
          },
          "path"_a, "mmap"_a = false)
      .def("__len__", &RabitqIndex::size)
      .def_prop_ro("dim", &RabitqIndex::dim)
      .def_prop_ro("metric", [](const RabitqIndex& self) { return std::string(ruvector::metric_name(self.metric())); })
      .def_prop_ro("bits", &RabitqIndex::bits)
      .def_prop_ro("store",
                   [](const RabitqIndex& self) { return std::string(ruvector::rabitq::store_name(self.store())); })
      .def_prop_ro("nlist", &RabitqIndex::nlist)
      .def_prop_ro("nprobe", &RabitqIndex::default_nprobe)
      .def_prop_ro("rerank_factor", &RabitqIndex::default_rerank_factor)
      .def("calibration_json",
           [](const RabitqIndex& self) { return ruvector::rabitq::calibration_json(self.calibration()); })
      .def_prop_ro("seed", &RabitqIndex::seed)
      .def_prop_ro(
          "rotation",
          [](const RabitqIndex& self) { return std::string(ruvector::rabitq::rotation_name(self.rotation_kind())); })
      .def_prop_ro("memory_bytes", &RabitqIndex::memory_bytes)
      .def_prop_ro("mapped_bytes", &RabitqIndex::mapped_bytes)
      .def_prop_ro("code_bytes_per_vector", &RabitqIndex::code_bytes_per_vector);
}
