// nanobind glue for ruvector._http, the native HTTP transport (native/http). A module of its own so
// that `import ruvector` never loads libcurl. The asyncio/sync API is ruvector._transport; this only
// translates types: callbacks arrive on the engine's I/O thread and take the GIL just for the call.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ca_lookup.hpp"
#include "http_engine.hpp"
#include "ruvector/core/error.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace {

namespace http = ruvector::http;

// The Python callables of one transfer. The engine drops its copy on the I/O thread, which holds
// no GIL there: the destructor takes it before the references go.
struct PyCallbacks {
  nb::object on_head, on_data, on_done;
  PyCallbacks(nb::object head, nb::object data, nb::object done)
      : on_head(std::move(head)), on_data(std::move(data)), on_done(std::move(done)) {}
  PyCallbacks(const PyCallbacks&) = delete;
  PyCallbacks& operator=(const PyCallbacks&) = delete;
  PyCallbacks(PyCallbacks&&) = delete;
  PyCallbacks& operator=(PyCallbacks&&) = delete;
  ~PyCallbacks() {
    const nb::gil_scoped_acquire gil;
    on_head.reset();
    on_data.reset();
    on_done.reset();
  }
};

// Header text is ISO-8859-1 on the wire (as in http.client): never a decode error.
nb::object latin1(const std::string& s) {
  nb::object text = nb::steal(PyUnicode_DecodeLatin1(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr));
  if (!text.is_valid()) throw nb::python_error();
  return text;
}

// A Python exception inside on_head/on_data aborts the transfer; the engine (without the GIL) must
// only see a plain C++ exception carrying the message.
[[noreturn]] void rethrow_plain(const nb::python_error& e) {
  const std::string type = nb::borrow<nb::str>(nb::handle(e.type()).attr("__name__")).c_str();
  throw std::runtime_error(type + ": " + nb::str(e.value()).c_str());
}

// The engine's error kinds in the words of the A2A core (a2a::parse_transfer_failure), so the
// client decides from the kind, never from the message text.
const char* failure_name(http::ErrorKind kind) {
  switch (kind) {
    case http::ErrorKind::kConnect:
    case http::ErrorKind::kResolve:
    case http::ErrorKind::kTls: return "connect";
    case http::ErrorKind::kReadTimeout: return "read-timeout";
    case http::ErrorKind::kTooLarge: return "too-large";
    case http::ErrorKind::kOther: return "dropped";
    case http::ErrorKind::kTotalTimeout:
    case http::ErrorKind::kCancelled:
    case http::ErrorKind::kStopped:
    case http::ErrorKind::kShutdown:
    case http::ErrorKind::kCallback: break;
  }
  return "local";
}

http::Callbacks to_callbacks(nb::object on_head, nb::object on_data, nb::object on_done) {
  const auto py = std::make_shared<PyCallbacks>(std::move(on_head), std::move(on_data), std::move(on_done));
  http::Callbacks cb;
  cb.on_head = [py](int status, const std::vector<http::Header>& headers) {
    const nb::gil_scoped_acquire gil;
    try {
      nb::list items;
      for (const auto& [name, value] : headers) items.append(nb::make_tuple(latin1(name), latin1(value)));
      py->on_head(status, items);
    } catch (const nb::python_error& e) {
      rethrow_plain(e);
    }
  };
  cb.on_data = [py](std::string_view chunk) {
    const nb::gil_scoped_acquire gil;
    try {
      const nb::object keep = py->on_data(nb::bytes(chunk.data(), chunk.size()));
      return keep.is_none() || nb::cast<bool>(keep);  // False stops the transfer; None keeps going
    } catch (const nb::python_error& e) {
      rethrow_plain(e);
    }
  };
  cb.on_done = [py](std::optional<http::TransferError> error) {
    const nb::gil_scoped_acquire gil;
    try {
      if (error)
        py->on_done(nb::str(error->message.c_str()), nb::str(failure_name(error->kind)));
      else
        py->on_done(nb::none(), nb::none());
    } catch (nb::python_error& e) {
      e.discard_as_unraisable("ruvector._http on_done callback");
    }
  };
  return cb;
}

}  // namespace

NB_MODULE(_http, m) {  // NOLINT(bugprone-signed-bitwise): inside the nanobind macro
  m.doc() = "ruvector native HTTP transport (libcurl); use ruvector._transport, not this module";

  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const ruvector::Error& e) {
      const std::string_view name = e.name();
      const nb::object cls = nb::module_::import_("ruvector.errors").attr(nb::str(name.data(), name.size()));
      PyErr_SetString(cls.ptr(), e.what());
    }
  });

  m.def(
      "start",
      [](std::string method, std::string url, std::vector<http::Header> headers, std::optional<nb::bytes> body,
         std::int64_t connect_timeout_ms, std::int64_t read_timeout_ms, std::int64_t total_timeout_ms, bool verify_tls,
         std::string ca_file, std::size_t max_response_bytes, nb::callable on_head, nb::callable on_data,
         nb::callable on_done) {
        http::Request request;
        request.method = std::move(method);
        request.url = std::move(url);
        request.headers = std::move(headers);
        if (body) request.body.emplace(body->c_str(), body->size());
        request.connect_timeout_ms = connect_timeout_ms;
        request.read_timeout_ms = read_timeout_ms;
        request.total_timeout_ms = total_timeout_ms;
        request.verify_tls = verify_tls;
        request.ca_file = std::move(ca_file);
        request.max_response_bytes = max_response_bytes;
        http::Callbacks callbacks = to_callbacks(std::move(on_head), std::move(on_data), std::move(on_done));
        // The GIL stays held: start() only queues the transfer (the I/O thread never waits for the GIL
        // while holding the queue lock), and a thread that released it here would re-acquire it in a
        // C++ destructor, which Python's finalization may unwind (a daemon thread at exit -> terminate).
        return http::HttpEngine::instance().start(std::move(request), std::move(callbacks));
      },
      "method"_a, "url"_a, "headers"_a, "body"_a.none(), "connect_timeout_ms"_a, "read_timeout_ms"_a,
      "total_timeout_ms"_a, "verify_tls"_a, "ca_file"_a, "max_response_bytes"_a, "on_head"_a, "on_data"_a, "on_done"_a,
      "Starts a transfer on the engine's I/O thread and returns its handle. Callbacks run there: "
      "on_head(status, [(name, value)]), on_data(bytes) -> False to stop the transfer at once, then "
      "on_done(None, None) | on_done(error message, kind) exactly once; kind: connect, read-timeout, dropped, "
      "too-large or local.");

  m.def(
      "set_fallback_ca_bundle", [](std::string path) { http::set_fallback_ca_bundle(std::move(path)); }, "path"_a,
      "The CA bundle https requests use when SSL_CERT_FILE, SSL_CERT_DIR and the system's bundles and "
      "directories give none (ruvector._transport passes certifi's).");

  m.def(
      "cancel", [](http::Handle handle) { http::HttpEngine::instance().cancel(handle); },  // GIL held: see start()
      "handle"_a, "Aborts a transfer (its on_done follows with a 'cancelled' message); unknown handles are ignored.");

  m.def(
      "shutdown",
      [] {
        const nb::gil_scoped_release unlocked;  // the I/O thread needs the GIL to deliver the last on_done calls
        http::HttpEngine::instance().shutdown();
      },
      "Aborts every transfer and stops the I/O thread; runs at interpreter exit.");

  m.def("active", [] { return http::HttpEngine::instance().active(); }, "Transfers started and not yet done.");

  // Stop the I/O thread while the interpreter can still run its callbacks: after finalization a
  // thread that asks for the GIL hangs, and process exit would wait for it.
  nb::module_::import_("atexit").attr("register")(m.attr("shutdown"));
}
