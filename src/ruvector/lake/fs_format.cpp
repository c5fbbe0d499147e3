#include "ruvector/lake/fs_format.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_set>

#include "ruvector/core/bytes.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/lake/backend.hpp"

namespace ruvector::lake {
namespace {

constexpr char kManifestMagic[8] = {'R', 'V', 'L', 'K', 'M', 'A', 'N', '1'};
constexpr char kSegmentMagic[8] = {'R', 'V', 'L', 'K', 'S', 'E', 'G', '1'};
constexpr std::uint32_t kVersion = 1;

[[noreturn]] void corrupt(const char* what, const std::string& why) {
  throw_error(ErrorCode::kPersistError, std::string("corrupt ") + what + ": " + why);
}

void append_crc(std::vector<std::uint8_t>& bytes) {
  const std::uint32_t crc = crc32(bytes);
  const auto* p = reinterpret_cast<const std::uint8_t*>(&crc);
  bytes.insert(bytes.end(), p, p + sizeof crc);
}

// Checks magic and trailer; returns the body between them.
std::span<const std::uint8_t> checked_body(std::span<const std::uint8_t> bytes, const char (&magic)[8],
                                           const char* what) {
  if (bytes.size() < sizeof magic + sizeof(std::uint32_t) * 2) {
    corrupt(what, std::to_string(bytes.size()) + " bytes is too short");
  }
  for (std::size_t i = 0; i < sizeof magic; ++i) {
    if (bytes[i] != static_cast<std::uint8_t>(magic[i])) corrupt(what, "bad magic");
  }
  const auto body = bytes.first(bytes.size() - sizeof(std::uint32_t));
  std::uint32_t stored = 0;
  std::memcpy(&stored, bytes.data() + body.size(), sizeof stored);
  if (crc32(body) != stored) corrupt(what, "checksum mismatch");
  ByteReader version_reader(body.subspan(sizeof magic));
  const auto version = version_reader.get<std::uint32_t>("version");
  if (version != kVersion) {
    corrupt(what,
            "unsupported version " + std::to_string(version) + " (this build reads " + std::to_string(kVersion) + ")");
  }
  return body.subspan(sizeof magic + sizeof(std::uint32_t));
}

std::uint32_t checked_dim_field(std::uint32_t dim, const char* what) {
  if (dim == 0 || dim > kMaxPulledDim) corrupt(what, "dim " + std::to_string(dim) + " outside [1, 65536]");
  return dim;
}

// Both file kinds: magic, version and dim, then the kind's fields, then a CRC-32 of all before it.
ByteWriter begin_file(const char (&magic)[8], std::uint32_t dim) {
  ByteWriter w;
  w.put_bytes(magic, sizeof magic);
  w.put<std::uint32_t>(kVersion);
  w.put<std::uint32_t>(dim);
  return w;
}

std::vector<std::uint8_t> end_file(ByteWriter& w) {
  append_crc(w.bytes());
  return std::move(w.bytes());
}

// Reads a file of either kind: checks magic, checksum, version and dim (into `dim`), lets
// read_fields read the kind's fields, then refuses trailing bytes.
template <class ReadFields>
void read_file(std::span<const std::uint8_t> bytes, const char (&magic)[8], const char* what, std::uint32_t& dim,
               ReadFields read_fields) {
  ByteReader r(checked_body(bytes, magic, what));
  dim = checked_dim_field(r.get<std::uint32_t>("dim"), what);
  read_fields(r);
  if (r.remaining() != 0) corrupt(what, std::to_string(r.remaining()) + " trailing bytes");
}

}  // namespace

std::uint32_t segment_checksum(std::span<const std::uint8_t> file_bytes) {
  return crc32(file_bytes.first(file_bytes.size() < 4 ? 0 : file_bytes.size() - 4));
}

std::string segment_file_name(std::uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "seg-%016llx.rvseg", static_cast<unsigned long long>(number));
  return name;
}

std::vector<std::uint8_t> serialize_manifest(const Manifest& manifest) {
  ByteWriter w = begin_file(kManifestMagic, manifest.dim);
  w.put<std::uint64_t>(manifest.generation);
  w.put<std::uint64_t>(manifest.lineage);
  w.put<std::uint64_t>(manifest.next_segment);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(manifest.segments.size()));
  for (const SegmentRef& segment : manifest.segments) {
    w.put<std::uint64_t>(segment.number);
    w.put<std::uint64_t>(segment.rows);
    w.put<std::uint32_t>(segment.file_crc);
  }
  return end_file(w);
}

Manifest parse_manifest(std::span<const std::uint8_t> bytes) {
  constexpr const char* kWhat = "lake manifest";
  Manifest m;
  read_file(bytes, kManifestMagic, kWhat, m.dim, [&](ByteReader& r) {
    m.generation = r.get<std::uint64_t>("generation");
    m.lineage = r.get<std::uint64_t>("lineage");
    m.next_segment = r.get<std::uint64_t>("next segment");
    const auto count = r.get<std::uint32_t>("segment count");
    constexpr std::size_t kRefBytes = 8 + 8 + 4;
    if (count > r.remaining() / kRefBytes) corrupt(kWhat, std::to_string(count) + " segments do not fit the file");
    m.segments.reserve(count);
    std::unordered_set<std::uint64_t> numbers;
    std::uint64_t total_rows = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      SegmentRef s;
      s.number = r.get<std::uint64_t>("segment number");
      s.rows = r.get<std::uint64_t>("segment rows");
      s.file_crc = r.get<std::uint32_t>("segment crc");
      if (s.number >= m.next_segment) {
        corrupt(kWhat,
                "segment " + std::to_string(s.number) + " is not below next segment " + std::to_string(m.next_segment));
      }
      if (!numbers.insert(s.number).second) corrupt(kWhat, "segment " + std::to_string(s.number) + " listed twice");
      if (s.rows > kMaxPulledVectors - total_rows) corrupt(kWhat, "row count overflows");
      total_rows += s.rows;
      m.segments.push_back(s);
    }
  });
  return m;
}

std::vector<std::uint8_t> serialize_segment(std::uint32_t dim, std::span<const std::uint64_t> ids,
                                            std::span<const float> vectors) {
  ByteWriter w = begin_file(kSegmentMagic, dim);
  w.put<std::uint64_t>(ids.size());
  w.put_bytes(ids.data(), ids.size_bytes());
  w.put_bytes(vectors.data(), vectors.size_bytes());
  return end_file(w);
}

Segment parse_segment(std::span<const std::uint8_t> bytes) {
  constexpr const char* kWhat = "lake segment";
  Segment s;
  read_file(bytes, kSegmentMagic, kWhat, s.dim, [&](ByteReader& r) {
    const auto rows = r.get<std::uint64_t>("rows");
    // size_t is 32-bit in wasm: refuse counts it cannot index before multiplying.
    if (rows > r.remaining() / sizeof(std::uint64_t))
      corrupt(kWhat, std::to_string(rows) + " rows do not fit the file");
    const auto n = static_cast<std::size_t>(rows);
    s.ids = r.get_array<std::uint64_t>(n, "ids");
    if (n > std::numeric_limits<std::size_t>::max() / s.dim) corrupt(kWhat, "vector count overflows");
    s.vectors = r.get_array<float>(n * s.dim, "vectors");
  });
  for (std::size_t i = 0; i < s.vectors.size(); ++i) {
    if (!std::isfinite(s.vectors[i])) {
      corrupt(kWhat, "non-finite value in row " + std::to_string(i / s.dim) + ", column " + std::to_string(i % s.dim));
    }
  }
  return s;
}

}  // namespace ruvector::lake
