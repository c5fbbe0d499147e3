#include "ruvector/lake/sidecar.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "ruvector/core/error.hpp"
#include "ruvector/lake/json_fields.hpp"

namespace ruvector::lake {
namespace {

constexpr std::size_t kMaxJsonBytes = std::size_t{64} * 1024;
constexpr std::size_t kMaxFieldBytes = std::size_t{4} * 1024;

// serde_json's string escaping: the two-character escapes it knows, \u00XX for other controls,
// everything else (UTF-8 included) as is.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_optional(std::string& out, const char* name, const std::optional<std::string>& value, bool last) {
  out += std::string("  \"") + name + "\": ";
  if (value) {
    append_json_string(out, *value);
  } else {
    out += "null";
  }
  out += last ? "\n" : ",\n";
}

std::optional<std::string> optional_field(const JsonFields& f, const boost::json::object& object, const char* name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  return f.string_of(*value, name);
}

}  // namespace

BundleSidecar make_sidecar(const BundleDescriptor& bundle) {
  BundleSidecar sidecar;
  sidecar.bundle = bundle;
  sidecar.rvf_witness = bundle_witness_of(bundle);
  return sidecar;
}

std::string sidecar_to_json(const BundleSidecar& sidecar) {
  const BundleDescriptor& b = sidecar.bundle;
  std::string out = "{\n  \"format_version\": " + std::to_string(sidecar.format_version) + ",\n  \"data_ref\": ";
  append_json_string(out, b.data_ref);
  out += ",\n  \"dim\": " + std::to_string(b.dim) + ",\n  \"rotation_seed\": " + std::to_string(b.rotation_seed) +
         ",\n  \"rerank_factor\": " + std::to_string(b.rerank_factor) + ",\n  \"generation\": ";
  if (const auto* number = std::get_if<std::uint64_t>(&b.generation)) {
    out += std::to_string(*number);
  } else {
    append_json_string(out, std::get<std::string>(b.generation));
  }
  out += ",\n  \"rvf_witness\": ";
  append_json_string(out, sidecar.rvf_witness);
  out += ",\n";
  append_optional(out, "pii_policy", sidecar.pii_policy, false);
  append_optional(out, "lineage_id", sidecar.lineage_id, !sidecar.memory_class.has_value());
  if (sidecar.memory_class) append_optional(out, "memory_class", sidecar.memory_class, true);
  out += '}';
  return out;
}

BundleSidecar parse_sidecar(std::string_view json) {
  const JsonFields f("invalid bundle sidecar", kMaxFieldBytes);
  const boost::json::value root = f.parse_object(json, kMaxJsonBytes, 4);
  const auto& object = root.get_object();
  BundleSidecar s;
  const std::uint64_t version = f.unsigned_field(object, "format_version");
  if (version > kSidecarFormatVersion) {
    f.fail("format_version " + std::to_string(version) + " is newer than this build reads (2)");
  }
  s.format_version = static_cast<std::uint32_t>(version);
  s.bundle.data_ref = f.string_field(object, "data_ref");
  s.bundle.dim = static_cast<std::size_t>(f.unsigned_field(object, "dim"));
  if (s.bundle.dim != f.unsigned_field(object, "dim")) f.fail("dim does not fit this platform");
  s.bundle.rotation_seed = f.unsigned_field(object, "rotation_seed");
  s.bundle.rerank_factor = f.unsigned_field(object, "rerank_factor");
  s.bundle.generation = f.generation_field(object, "generation");
  s.rvf_witness = f.string_field(object, "rvf_witness");
  s.pii_policy = optional_field(f, object, "pii_policy");
  s.lineage_id = optional_field(f, object, "lineage_id");
  s.memory_class = optional_field(f, object, "memory_class");
  const std::string expected = bundle_witness_of(s.bundle);
  if (s.rvf_witness != expected) {
    throw_error(ErrorCode::kWitnessMismatch, "bundle sidecar's rvf_witness " + s.rvf_witness.substr(0, 128) +
                                                 " does not match its fields (expected " + expected + ")");
  }
  return s;
}

}  // namespace ruvector::lake
