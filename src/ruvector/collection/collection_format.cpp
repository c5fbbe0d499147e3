#include "ruvector/collection/collection_format.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ruvector/core/bytes.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/hash_embedder.hpp"

namespace ruvector {
namespace {

constexpr char kMagic[8] = {'R', 'V', 'C', 'O', 'L', 'L', 'E', 'C'};

[[noreturn]] void corrupt(const std::string& what) {
  throw_error(ErrorCode::kPersistError, "corrupt collection file: " + what);
}

std::string get_string(ByteReader& reader, const char* what) {
  const auto n = reader.get<std::uint32_t>(what);
  const std::vector<char> bytes = reader.get_array<char>(n, what);
  return {bytes.begin(), bytes.end()};
}

void check_utf8_field(std::string_view bytes, const std::string& what) {
  const std::size_t bad = first_invalid_utf8(bytes);
  if (bad != bytes.size()) corrupt(what + " is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
}

// Whether `meta` is "" or a JSON object (the parser's check, without re-serialising).
bool is_meta(std::string_view meta) {
  if (meta.empty()) return true;
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(meta, ec);
  return !ec && value.is_object();
}

Metric metric_of(std::uint32_t code) {
  switch (code) {
    case 0: return Metric::kL2;
    case 1: return Metric::kInnerProduct;
    case 2: return Metric::kCosine;
    default: corrupt("unknown metric code " + std::to_string(code));
  }
}

// The checks parse_collection_file makes on values, shared with the writer.
void check_file(const CollectionFile& file) {
  if (file.dim < 1 || file.dim > CollectionFile::kMaxDim) corrupt("dim " + std::to_string(file.dim) + " out of range");
  if (file.encoder.size() > CollectionFile::kMaxDescriptionBytes) {
    corrupt("encoder description of " + std::to_string(file.encoder.size()) + " bytes");
  }
  check_utf8_field(file.encoder, "encoder description");
  const CollectionFile::Record* previous = nullptr;
  for (const CollectionFile::Record& r : file.records) {
    const std::string where = "record id " + std::to_string(r.id);
    if (previous != nullptr && r.id <= previous->id) corrupt("ids not strictly ascending at " + where);
    if (!file.any_id_used || r.id > file.largest_id_used) corrupt(where + " above the largest id used");
    if (r.text.size() > UINT32_MAX || r.meta.size() > UINT32_MAX) corrupt(where + " text or meta over 4 GiB");
    check_utf8_field(r.text, where + " text");
    if (!is_meta(r.meta)) corrupt(where + " meta is not a JSON object");
    if (r.vector.size() != file.dim) corrupt(where + " vector length");
    for (const float v : r.vector) {
      if (!std::isfinite(v)) corrupt(where + " vector holds NaN or Inf");
    }
    previous = &r;
  }
}

void put_string(ByteWriter& w, const std::string& s) {
  w.put(static_cast<std::uint32_t>(s.size()));
  w.put_bytes(s.data(), s.size());
}

}  // namespace

std::string canonical_meta(std::string_view meta, std::string_view what) {
  if (meta.empty()) return {};
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(meta, ec);
  if (ec) throw_error(ErrorCode::kInvalidInput, std::string(what) + " is not valid JSON: " + ec.message());
  if (!value.is_object()) throw_error(ErrorCode::kInvalidInput, std::string(what) + " must be a JSON object");
  return boost::json::serialize(value);
}

CollectionFile parse_collection_file(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < sizeof(kMagic) + 4 || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw_error(ErrorCode::kPersistError, "not a ruvector collection file (bad magic)");
  }
  ByteReader head(bytes.subspan(sizeof(kMagic)));
  const auto version = head.get<std::uint32_t>("version");
  if (version != CollectionFile::kVersion) {
    throw_error(ErrorCode::kPersistError, "unsupported collection file version " + std::to_string(version) +
                                              " (this build reads version " + std::to_string(CollectionFile::kVersion) +
                                              ")");
  }
  if (bytes.size() < sizeof(kMagic) + 8) corrupt("truncated");
  const std::span<const std::uint8_t> body = bytes.first(bytes.size() - 4);
  std::uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + body.size(), 4);
  if (crc32(body) != stored_crc) corrupt("checksum mismatch (truncated or modified)");

  ByteReader reader(body.subspan(sizeof(kMagic) + 4));
  CollectionFile file;
  file.metric = metric_of(reader.get<std::uint32_t>("metric"));
  file.dim = reader.get<std::uint32_t>("dim");
  if (file.dim < 1 || file.dim > CollectionFile::kMaxDim) corrupt("dim " + std::to_string(file.dim) + " out of range");
  const auto any_used = reader.get<std::uint8_t>("any_id_used");
  if (any_used > 1) corrupt("any_id_used flag " + std::to_string(any_used));
  file.any_id_used = any_used == 1;
  file.largest_id_used = reader.get<std::uint64_t>("largest_id_used");
  if (!file.any_id_used && file.largest_id_used != 0) corrupt("largest id without any id used");
  const auto count = reader.get<std::uint64_t>("count");
  const auto description_bytes = reader.get<std::uint32_t>("encoder description");
  if (description_bytes > CollectionFile::kMaxDescriptionBytes) {
    corrupt("encoder description of " + std::to_string(description_bytes) + " bytes");
  }
  const std::vector<char> description = reader.get_array<char>(description_bytes, "encoder description");
  file.encoder.assign(description.begin(), description.end());
  // The smallest record is 16 bytes plus its vector: refuse counts the bytes cannot hold up front.
  reader.need(16 + (static_cast<std::uint64_t>(file.dim) * 4), count, "records");
  file.records.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    CollectionFile::Record record;
    record.id = reader.get<std::uint64_t>("record id");
    record.text = get_string(reader, "record text");
    record.meta = get_string(reader, "record meta");
    record.vector = reader.get_array<float>(file.dim, "record vector");
    file.records.push_back(std::move(record));
  }
  if (reader.remaining() != 0) corrupt(std::to_string(reader.remaining()) + " unexpected bytes after the records");
  check_file(file);
  return file;
}

std::vector<std::uint8_t> write_collection_file(const CollectionFile& file) {
  check_file(file);
  ByteWriter w;
  w.put_bytes(kMagic, sizeof(kMagic));
  w.put(CollectionFile::kVersion);
  w.put(static_cast<std::uint32_t>(file.metric));
  w.put(file.dim);
  w.put(static_cast<std::uint8_t>(file.any_id_used ? 1 : 0));
  w.put(file.largest_id_used);
  w.put(static_cast<std::uint64_t>(file.records.size()));
  put_string(w, file.encoder);
  for (const CollectionFile::Record& r : file.records) {
    w.put(r.id);
    put_string(w, r.text);
    put_string(w, r.meta);
    w.put_array(r.vector);
  }
  const std::uint32_t crc = crc32(w.bytes());
  w.put(crc);
  return std::move(w.bytes());
}

}  // namespace ruvector
