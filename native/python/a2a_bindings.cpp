// nanobind glue for the A2A client core (ruvector._core.A2A*): strings and bytes in, typed objects
// out (events are built here once, straight from the core's Event: no JSON text crosses per event);
// the protocol logic is in src/ruvector/a2a/client_json.hpp. The HTTP transport is the separate
// `ruvector._http` module, so `import ruvector` never loads libcurl.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/client_json.hpp"

namespace nb = nanobind;
using namespace nb::literals;
using ruvector::a2a::CallResult;
using ruvector::a2a::CardCache;
using ruvector::a2a::Event;
using ruvector::a2a::HttpHeader;
using ruvector::a2a::JsonCall;
using ruvector::a2a::JsonClient;
using ruvector::a2a::JsonStream;

namespace {

std::string_view view_of(const nb::bytes& b) {
  return {b.c_str(), b.size()};
}

nb::str str_of(std::string_view s) {
  return nb::str(s.data(), s.size());
}

nb::object optional_str(const std::optional<std::string>& s) {
  return s ? nb::object(str_of(*s)) : nb::none();
}

// A JSON value as the Python objects json.loads would give (dict, list, str, int, float, bool, None).
nb::object to_python(const boost::json::value& v) {  // NOLINT(misc-no-recursion): JSON nesting is bounded by JsonLimits
  switch (v.kind()) {
    case boost::json::kind::null: return nb::none();
    case boost::json::kind::bool_: return nb::bool_(v.get_bool());
    case boost::json::kind::int64: return nb::int_(v.get_int64());
    case boost::json::kind::uint64: return nb::int_(v.get_uint64());
    case boost::json::kind::double_: return nb::float_(v.get_double());
    case boost::json::kind::string: return str_of(v.get_string());
    case boost::json::kind::array: {
      nb::list out;
      for (const boost::json::value& item : v.get_array()) out.append(to_python(item));
      return out;
    }
    case boost::json::kind::object: break;
  }
  nb::dict out;
  for (const auto& member : v.get_object()) out[str_of(member.key())] = to_python(member.value());
  return out;
}

// The Python face of a core Event: read-only fields, `value` converted on first access (most
// consumers never read it) and kept. The cached dict is not traversed by the cycle collector: it is
// plain JSON data, which can only reach the event if a caller puts the event into it.
struct PyEvent {
  Event event;
  nb::object value;

  nb::object get_value() {
    if (!value.is_valid()) value = to_python(boost::json::value(event.value()));
    return value;
  }
};

nb::list to_python(std::vector<Event>&& events) {
  nb::list out;
  for (Event& e : events) out.append(nb::cast(PyEvent{std::move(e), {}}));
  return out;
}

// SendMessage / GetTask / CancelTask: an A2AEvent; ListTasks: (tasks, next_page_token, page_size,
// total_size); any other method: the JSON-RPC result as Python data.
nb::object to_python(CallResult&& result) {
  if (auto* e = std::get_if<Event>(&result)) return nb::cast(PyEvent{std::move(*e), {}});
  if (auto* page = std::get_if<ruvector::a2a::TaskPage>(&result)) {
    const auto number = [](const std::optional<std::int64_t>& n) { return n ? nb::object(nb::int_(*n)) : nb::none(); };
    return nb::make_tuple(to_python(std::move(page->tasks)), optional_str(page->next_page_token),
                          number(page->page_size), number(page->total_size));
  }
  return to_python(std::get<boost::json::value>(result));
}

std::vector<HttpHeader> to_headers(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<HttpHeader> out;
  out.reserve(pairs.size());
  for (const auto& [name, value] : pairs) out.push_back({name, value});
  return out;
}

}  // namespace

void register_a2a(nb::module_& m) {
  nb::class_<PyEvent>(m, "A2AEvent")
      .def_prop_ro("kind", [](const PyEvent& e) { return str_of(event_kind_name(e.event.kind)); })
      .def_prop_ro("task_id", [](const PyEvent& e) { return optional_str(e.event.task_id); })
      .def_prop_ro("context_id", [](const PyEvent& e) { return optional_str(e.event.context_id); })
      .def_prop_ro("state",
                   [](const PyEvent& e) {
                     const auto state = e.event.state_name();
                     return state ? nb::object(str_of(*state)) : nb::none();
                   })
      .def_prop_ro("text", [](const PyEvent& e) { return str_of(e.event.text); })
      .def_prop_ro("final", [](const PyEvent& e) { return e.event.final; })
      .def_prop_ro("value", &PyEvent::get_value)
      .def("__repr__", [](const nb::handle self) {
        const nb::str fields =
            nb::str("Event(kind={!r}, task_id={!r}, context_id={!r}, state={!r}, text={!r}, final={!r})");
        return fields.format(self.attr("kind"), self.attr("task_id"), self.attr("context_id"), self.attr("state"),
                             self.attr("text"), self.attr("final"));
      });

  nb::class_<JsonCall>(m, "A2ACall")
      .def("request", &JsonCall::request)
      .def("fail", &JsonCall::fail, "kind"_a, "detail"_a = "");

  nb::class_<JsonStream>(m, "A2AStream")
      .def("request", &JsonStream::request)
      .def("on_head", &JsonStream::on_head, "status"_a, "content_type"_a)
      .def(
          "on_data",
          [](JsonStream& s, const nb::bytes& chunk) {
            const std::string_view data = view_of(chunk);
            std::vector<Event> events;
            {
              const nb::gil_scoped_release release;
              events = s.on_data(data);
            }
            return to_python(std::move(events));
          },
          "chunk"_a)
      .def("on_end", &JsonStream::on_end)
      .def("on_fail", &JsonStream::on_fail, "kind"_a, "detail"_a = "")
      .def_prop_ro("done", &JsonStream::done)
      .def_prop_ro("task_id", [](const JsonStream& s) { return s.task_id(); });

  nb::class_<JsonClient>(m, "A2AClientCore")
      .def(nb::init<std::string_view, std::string_view, std::string_view>(), "card_json"_a, "card_url"_a,
           "options_json"_a = "")
      .def("info", &JsonClient::info)
      .def("send_message", &JsonClient::send_message, "message_json"_a, "config_json"_a = "", "metadata_json"_a = "")
      .def("get_task", &JsonClient::get_task, "task_id"_a, "history_length"_a = -1)
      .def("list_tasks", &JsonClient::list_tasks, "query_json"_a = "")
      .def("cancel_task", &JsonClient::cancel_task, "task_id"_a)
      .def("call", &JsonClient::call, "method"_a, "params_json"_a = "")
      .def(
          "finish",
          [](JsonClient& c, const JsonCall& call, int status, std::string_view content_type, const nb::bytes& body) {
            const std::string_view data = view_of(body);
            std::optional<CallResult> result;
            {
              const nb::gil_scoped_release release;
              result = c.finish(call, status, content_type, data);
            }
            return to_python(std::move(*result));
          },
          "call"_a, "status"_a, "content_type"_a, "body"_a)
      .def("stream_message", &JsonClient::stream_message, "message_json"_a, "config_json"_a = "",
           "metadata_json"_a = "", nb::keep_alive<0, 1>())
      .def("subscribe", &JsonClient::subscribe, "task_id"_a, nb::keep_alive<0, 1>());

  // Only constructed and cleared from Python: CardDiscovery reads and fills it.
  nb::class_<CardCache>(m, "A2ACardCache").def(nb::init<>()).def("clear", &CardCache::clear);

  using ruvector::a2a::CardDiscovery;
  nb::class_<CardDiscovery>(m, "A2ACardDiscovery")
      .def(
          "__init__",
          [](CardDiscovery* self, CardCache& cache, std::string_view base_url, std::string_view options_json,
             std::int64_t now_ms) {
            new (self) CardDiscovery(cache, base_url, ruvector::a2a::parse_client_options(options_json), now_ms);
          },
          "cache"_a, "base_url"_a, "options_json"_a, "now_ms"_a, nb::keep_alive<1, 2>())
      .def_prop_ro("done", &CardDiscovery::done)
      .def("request", [](const CardDiscovery& d) { return ruvector::a2a::request_json(d.request()); })
      .def(
          "on_response",
          [](CardDiscovery& d, int status, const std::vector<std::pair<std::string, std::string>>& headers,
             const nb::bytes& body,
             std::int64_t now_ms) { d.on_response(status, to_headers(headers), view_of(body), now_ms); },
          "status"_a, "headers"_a, "body"_a, "now_ms"_a)
      .def(
          "on_fail",
          [](const CardDiscovery& d, std::string_view kind, std::string_view detail) {
            d.on_fail(ruvector::a2a::parse_transfer_failure(kind), detail);
          },
          "kind"_a, "detail"_a = "")
      .def_prop_ro("card_url", [](const CardDiscovery& d) { return d.card_url(); })
      .def_prop_ro("card_json", [](const CardDiscovery& d) { return d.card_json(); });

  m.def(
      "a2a_verify_card",
      [](std::string_view card_json, std::string_view keys_json, std::optional<bool> require_signature) {
        const auto v = ruvector::a2a::verify_agent_card(
            card_json, keys_json, ruvector::a2a::signature_required(require_signature, keys_json));
        nb::dict d;
        d["verified"] = v.verified;
        d["kid"] = v.kid;
        d["alg"] = v.alg;
        return d;
      },
      "card_json"_a, "keys_json"_a = "", "require_signature"_a.none() = nb::none());
}
