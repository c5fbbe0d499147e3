// The RabitqIndex file format, version 2 (docs/file_format.md). Little-endian throughout:
//
//   magic "RVRABITQ" | u32 version = 2 | u32 kHeaderSizeField (= 48; the header below is 52 bytes)
//   header: u32 dim | u32 padded_dim | u8 metric | u8 bits | u8 store | u8 rotation kind | u64 seed
//           | u32 nlist | u32 top clusters | u32 default nprobe | f32 default rerank factor
//           | u64 next auto id | u64 vector count
//   calibration (version 2 only): u32 entries E | u32 sample queries | u32 k | f32 target recall
//           | E x (u32 nprobe | f32 rerank factor | f32 recall | f32 recall lower bound
//                  | f32 codes scanned | f32 rows reranked | f32 cost | u32 0)
//   top clusters (if any): f32[top * dim] centroids, u32[nlist] top cluster of each list
//   list centroids: f32[nlist * dim]
//   per list: u64 size | u64[size] ids | u8[ceil(size/32) * padded_dim/4 * 16] FastScan codes
//             | f32[size] ||r||^2 | f32[size] scale
//             | (bits > 1) u8[size * padded_dim] extended codes, f32[size] scale, f32[size] error
//             | (store f32) f32[size * dim] vectors | (store f16) u16[size * dim] vectors
//   trailer: u32 CRC-32 (zlib's) of every byte before it
//
// The rotation is not stored: it is rebuilt from (dim, kind, seed), bit-identical on every target.
#include <cmath>
#include <string>

#include "ruvector/core/bytes.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/core/ids.hpp"
#if !defined(__EMSCRIPTEN__)
#include "ruvector/core/mapped_file.hpp"
#endif
#include "ruvector/rabitq/half_rows.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

namespace ruvector::rabitq {
namespace {

constexpr char kMagic[8] = {'R', 'V', 'R', 'A', 'B', 'I', 'T', 'Q'};
constexpr std::uint32_t kVersion = 2;
constexpr std::uint32_t kOldestVersion = 1;  // version 1: no calibration section
// Far more entries than a calibration makes (~12 per nprobe step, ~45 steps up to kMaxNlist lists).
constexpr std::uint32_t kMaxCalibrationEntries = 4096;
// Version 1 stores 48 in the field that was meant to be the header's size; the header it precedes
// (dim .. vector count) is 52 bytes. Kept as written, so every version-1 file stays readable.
constexpr std::uint32_t kHeaderSizeField = 48;
constexpr std::uint64_t kHeaderBytes = 52;
constexpr std::uint64_t kPrefixBytes = 16;  // magic, version, header size field
constexpr std::uint64_t kTrailerBytes = 4;

[[noreturn]] void corrupt(const std::string& why) {
  throw_error(ErrorCode::kPersistError, "corrupt index: " + why);
}

void check_finite(std::span<const float> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) corrupt(std::string(what) + " hold a non-finite value at " + std::to_string(i));
  }
}

// Code factors are norms and ratios of norms: finite and >= 0 in everything the builder writes.
void check_factors(std::span<const float> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] >= 0.0F) || !std::isfinite(values[i])) {
      corrupt(std::string(what) + " hold " + std::to_string(values[i]) + " at " + std::to_string(i));
    }
  }
}

void check_finite_halves(std::span<const std::uint16_t> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if ((values[i] & 0x7C00U) == 0x7C00U)
      corrupt(std::string(what) + " hold a non-finite value at " + std::to_string(i));
  }
}

// The fixed-size header, read and checked field by field.
struct Header {
  std::uint32_t version = 0;
  std::uint32_t dim = 0;
  std::uint32_t padded = 0;
  std::uint8_t metric = 0;
  std::uint8_t bits = 0;
  std::uint8_t store = 0;
  RotationKind rotation = RotationKind::kAuto;
  std::uint64_t seed = 0;
  std::uint32_t nlist = 0;
  std::uint32_t top = 0;
  std::uint32_t nprobe = 0;
  float rerank = 0.0F;
  std::uint64_t next_id = 0;
  std::uint64_t count = 0;
};

Header read_header(ByteReader& r) {
  if (r.get<std::uint32_t>("header size") != kHeaderSizeField) corrupt("unexpected header size");
  Header h;
  h.dim = r.get<std::uint32_t>("dim");
  h.padded = r.get<std::uint32_t>("padded dim");
  h.metric = r.get<std::uint8_t>("metric");
  h.bits = r.get<std::uint8_t>("bits");
  h.store = r.get<std::uint8_t>("store");
  const auto kind = r.get<std::uint8_t>("rotation");
  h.seed = r.get<std::uint64_t>("seed");
  h.nlist = r.get<std::uint32_t>("nlist");
  h.top = r.get<std::uint32_t>("top clusters");
  h.nprobe = r.get<std::uint32_t>("nprobe");
  h.rerank = r.get<float>("rerank factor");
  h.next_id = r.get<std::uint64_t>("next id");
  h.count = r.get<std::uint64_t>("count");
  if (h.metric > 2) corrupt("metric " + std::to_string(h.metric));
  if (h.bits < 1 || h.bits > kMaxBits) corrupt("bits " + std::to_string(h.bits));
  if (h.store > 2) corrupt("store " + std::to_string(h.store));
  if (kind != 1 && kind != 2) corrupt("rotation kind " + std::to_string(kind));
  h.rotation = static_cast<RotationKind>(kind);
  // Only the rotations the builder makes: a Haar rotation at dim 32768 would cost p^2 doubles and
  // O(p^3) work to rebuild (and p * p wraps on wasm32).
  const std::string rotation_issue = rotation_problem(h.dim, h.rotation);
  if (!rotation_issue.empty()) corrupt(rotation_issue);
  if (h.padded != Rotation::padded_dim_for(h.dim, h.rotation)) corrupt("padded dim " + std::to_string(h.padded));
  if (h.nlist == 0 || h.nlist > kMaxNlist || h.top > h.nlist) {
    corrupt("nlist " + std::to_string(h.nlist) + ", top " + std::to_string(h.top));
  }
  if (h.nprobe == 0 || h.nprobe > h.nlist) corrupt("default nprobe " + std::to_string(h.nprobe));
  const bool rerank_in_range = h.rerank >= 1.0F && h.rerank <= static_cast<float>(kMaxRerankFactor);  // not NaN
  if (!rerank_in_range) {
    corrupt("default rerank factor " + std::to_string(h.rerank));
  }
  return h;
}

// Bytes every vector of a list takes in the file (codes rounded up to blocks come on top).
std::uint64_t bytes_per_vector(const Header& h) {
  std::uint64_t bytes = sizeof(std::uint64_t) + 2 * sizeof(float);
  if (h.bits > 1) bytes += h.padded + 2 * sizeof(float);
  if (h.store == static_cast<std::uint8_t>(VectorStore::kF32)) bytes += std::uint64_t{h.dim} * sizeof(float);
  if (h.store == static_cast<std::uint8_t>(VectorStore::kF16)) bytes += std::uint64_t{h.dim} * sizeof(std::uint16_t);
  return bytes;
}

void check_magic(ByteSource& source) {
  const std::uint64_t total = source.size();
  std::uint8_t magic[sizeof kMagic] = {};
  if (total >= sizeof kMagic) source.read(0, magic, sizeof magic);
  if (total < kPrefixBytes + kTrailerBytes || std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
    throw_error(ErrorCode::kPersistError,
                "not a ruvector RabitqIndex (bad magic; " + std::to_string(total) + " bytes)");
  }
}

Header read_prefix_and_header(ByteReader& r) {
  (void)r.get_array<std::uint8_t>(sizeof kMagic, "magic");
  const auto version = r.get<std::uint32_t>("version");
  if (version < kOldestVersion || version > kVersion) {
    throw_error(ErrorCode::kPersistError, "unsupported RabitqIndex format version " + std::to_string(version) +
                                              " (this build reads versions " + std::to_string(kOldestVersion) + " to " +
                                              std::to_string(kVersion) + ")");
  }
  Header h = read_header(r);
  h.version = version;
  return h;
}

bool unit_interval(float v) {
  return v >= 0.0F && v <= 1.0F;  // false for NaN
}

bool finite_count(float v) {
  return v >= 0.0F && std::isfinite(v);
}

// The calibration section (version 2; a version-1 file has none: an empty table).
Calibration read_calibration(const Header& h, ByteReader& r) {
  Calibration table;
  if (h.version < 2) return table;
  const auto entries = r.get<std::uint32_t>("calibration entries");
  table.sample_queries = r.get<std::uint32_t>("calibration queries");
  table.k = r.get<std::uint32_t>("calibration k");
  table.target_recall = r.get<float>("calibration target recall");
  if (entries > kMaxCalibrationEntries) corrupt("calibration entries " + std::to_string(entries));
  const bool described = entries == 0 || (table.sample_queries > 0 && table.k > 0 && table.target_recall > 0.0F &&
                                          table.target_recall <= 1.0F);
  if (!described)
    corrupt("calibration of " + std::to_string(table.sample_queries) + " queries at k " + std::to_string(table.k));
  table.entries.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(entries, r.remaining() / 32)));
  for (std::uint32_t i = 0; i < entries; ++i) {
    CalibrationEntry e;
    e.nprobe = r.get<std::uint32_t>("calibration nprobe");
    e.rerank_factor = r.get<float>("calibration rerank factor");
    e.recall = r.get<float>("calibration recall");
    e.recall_lower = r.get<float>("calibration recall");
    e.codes_scanned = r.get<float>("calibration counts");
    e.rows_reranked = r.get<float>("calibration counts");
    e.cost = r.get<float>("calibration counts");
    const auto reserved = r.get<std::uint32_t>("calibration entry");
    const bool valid = e.nprobe >= 1 && e.nprobe <= h.nlist && e.rerank_factor >= 1.0F &&
                       e.rerank_factor <= static_cast<float>(kMaxRerankFactor) && unit_interval(e.recall) &&
                       unit_interval(e.recall_lower) && e.recall_lower <= e.recall && finite_count(e.codes_scanned) &&
                       finite_count(e.rows_reranked) && finite_count(e.cost) && reserved == 0;
    if (!valid) corrupt("calibration entry " + std::to_string(i));
    table.entries.push_back(e);
  }
  return table;
}

void write_calibration(const Calibration& table, ByteWriter& w) {
  w.put<std::uint32_t>(static_cast<std::uint32_t>(table.entries.size()));
  w.put<std::uint32_t>(table.sample_queries);
  w.put<std::uint32_t>(table.k);
  w.put<float>(table.target_recall);
  for (const CalibrationEntry& e : table.entries) {
    w.put<std::uint32_t>(e.nprobe);
    w.put<float>(e.rerank_factor);
    w.put<float>(e.recall);
    w.put<float>(e.recall_lower);
    w.put<float>(e.codes_scanned);
    w.put<float>(e.rows_reranked);
    w.put<float>(e.cost);
    w.put<std::uint32_t>(0);
  }
}

void check_trailer(ByteSource& source, const ByteReader& r) {
  if (r.remaining() != 0) corrupt(std::to_string(r.remaining()) + " unexpected bytes after the last list");
  std::uint32_t stored_crc = 0;
  source.read(source.size() - kTrailerBytes, &stored_crc, sizeof stored_crc);
  if (r.crc() != stored_crc) corrupt("checksum mismatch (truncated or altered file)");
}

}  // namespace

void RabitqIndex::check_invariants() const {
  ensure_locations();
  const auto broken = [](const std::string& why) {
    throw_error(ErrorCode::kPersistError, "refusing to write an inconsistent index: " + why);
  };
  std::size_t rows = 0;
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    const List& list = lists_[l];
    const std::size_t n = list.size();
    rows += n;
    const bool sized = list.add.size() == n && list.scale.size() == n &&
                       list.codes.size() == (n + 31) / 32 * groups() * 16 &&
                       list.ex_codes.size() == (bits_ > 1 ? n * padded_dim_ : 0) &&
                       list.f32.size() == (store_ == VectorStore::kF32 ? n * dim_ : 0) &&
                       list.f16.size() == (store_ == VectorStore::kF16 ? n * dim_ : 0);
    if (!sized) broken("list " + std::to_string(l) + " has arrays of different lengths");
    for (std::size_t pos = 0; pos < n; ++pos) {
      const auto it = location_.find(list.ids[pos]);
      if (it == location_.end() || it->second.list != l || it->second.pos != pos) {
        broken("id " + std::to_string(list.ids[pos]) + " is stored twice or not indexed");
      }
    }
  }
  if (rows != location_.size()) {
    broken(std::to_string(rows) + " rows in the lists, " + std::to_string(location_.size()) + " ids");
  }
}

std::vector<std::uint8_t> RabitqIndex::serialize() const {
  const std::shared_lock lock(mutex_);
  check_invariants();
  check_unique_ids_locked();  // a mapped file's duplicates are never written on
  ByteWriter w;
  w.put_bytes(kMagic, sizeof kMagic);
  w.put<std::uint32_t>(kVersion);
  w.put<std::uint32_t>(kHeaderSizeField);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(dim_));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(padded_dim_));
  w.put<std::uint8_t>(static_cast<std::uint8_t>(metric_));
  w.put<std::uint8_t>(static_cast<std::uint8_t>(bits_));
  w.put<std::uint8_t>(static_cast<std::uint8_t>(store_));
  w.put<std::uint8_t>(static_cast<std::uint8_t>(rotation_.kind()));
  w.put<std::uint64_t>(seed_);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(lists_.size()));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(quantizer_.top().size()));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(default_nprobe_));
  w.put<float>(static_cast<float>(default_rerank_factor_));
  w.put<std::uint64_t>(next_id_);
  w.put<std::uint64_t>(location_.size());
  static_assert(kPrefixBytes + kHeaderBytes == 68, "the header layout of docs/file_format.md");
  // 16 + 32 bytes per entry: what follows keeps version 1's alignment (a multiple of 8 later).
  write_calibration(calibration_, w);
  if (quantizer_.top().size() > 0) {
    w.put_array(quantizer_.top().rows());
    w.put_array(quantizer_.top_of_list());
  }
  w.put_array(quantizer_.lists().rows());
  for (const List& l : lists_) {
    w.put<std::uint64_t>(l.size());
    w.put_array(l.ids.span());
    w.put_array(l.codes.span());
    w.put_array(l.add.span());
    w.put_array(l.scale.span());
    if (bits_ > 1) {
      w.put_array(l.ex_codes.span());
      w.put_array(l.ex_scale.span());
      w.put_array(l.ex_error.span());
    }
    if (store_ == VectorStore::kF32) w.put_array(l.f32.span());
    if (store_ == VectorStore::kF16) w.put_array(l.f16.span());
  }
  const std::uint32_t crc = crc32(w.bytes());
  w.put<std::uint32_t>(crc);
  return std::move(w.bytes());
}

RabitqIndex RabitqIndex::deserialize(std::span<const std::uint8_t> bytes) {
  // In memory the checksum is checked first, so damaged bytes get the clearest message.
  if (bytes.size() >= kPrefixBytes + kTrailerBytes && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0) {
    std::uint32_t version = 0;
    std::memcpy(&version, bytes.data() + sizeof kMagic, sizeof version);
    std::uint32_t stored_crc = 0;
    std::memcpy(&stored_crc, bytes.data() + bytes.size() - kTrailerBytes, sizeof stored_crc);
    if (version >= kOldestVersion && version <= kVersion &&
        crc32(bytes.first(bytes.size() - kTrailerBytes)) != stored_crc) {
      corrupt("checksum mismatch (truncated or altered file)");
    }
  }
  SpanSource source(bytes);
  return deserialize(source);
}

RabitqIndex RabitqIndex::deserialize(ByteSource& source) {
  return parse(source, nullptr);
}

namespace {

// Reads a list's arrays either as copies (mapped == nullptr) or as views of the mapped file. A view
// needs its offset aligned for T; version-1 files do not align their u64 ids (they follow a 4-byte
// aligned header), so those are copied where they fall on a 4 mod 8 offset.
class ArrayTaker {
 public:
  ArrayTaker(ByteReader& reader, ByteSource& source, const std::uint8_t* mapped)
      : r_(&reader), source_(&source), mapped_(mapped) {}

  // An array nothing checks element by element: viewed without being read when mapped.
  template <class T>
  Column<T> unchecked(std::uint64_t count, const char* what) {
    if (mapped_ == nullptr) return Column<T>(r_->get_array<T>(count, what));
    const std::uint64_t at = r_->skip(sizeof(T), count, what);
    if (at % alignof(T) == 0) return view<T>(at, count);
    std::vector<T> copy(static_cast<std::size_t>(count));
    source_->read(at, copy.data(), copy.size() * sizeof(T));
    return Column<T>(std::move(copy));
  }
  // An array that is read (and checked by `check`) in either mode; viewed afterwards when mapped.
  template <class T, class Check>
  Column<T> checked(std::uint64_t count, const char* what, const Check& check) {
    const std::uint64_t at = r_->position();
    std::vector<T> values = r_->get_array<T>(count, what);
    check(std::span<const T>(values));
    if (mapped_ == nullptr || at % alignof(T) != 0) return Column<T>(std::move(values));
    return view<T>(at, count);
  }

 private:
  template <class T>
  Column<T> view(std::uint64_t at, std::uint64_t count) const {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the file's bytes, aligned for T (checked)
    return Column<T>::view({reinterpret_cast<const T*>(mapped_ + at), static_cast<std::size_t>(count)});
  }
  ByteReader* r_;
  ByteSource* source_;
  const std::uint8_t* mapped_;
};

// Checks of factor arrays, named after what they hold.
auto factor_check(const char* what) {
  return [what](std::span<const float> v) { check_factors(v, what); };
}

}  // namespace

struct RabitqIndex::FileReader {
  // What the counts claim the file holds even with every list empty, checked before anything is
  // allocated for them: top centroids and memberships, list centroids, one u64 size per list.
  static void check_coarse_fits(const Header& h, const ByteReader& r) {
    const std::uint64_t dim = h.dim;
    const std::uint64_t nlist = h.nlist;
    const std::uint64_t top_bytes =
        h.top == 0 ? 0 : checked_product(std::uint64_t{h.top}, dim * sizeof(float), "top centroids") + nlist * 4;
    const std::uint64_t list_bytes = checked_product(nlist, dim * sizeof(float) + sizeof(std::uint64_t), "lists");
    if (top_bytes + list_bytes > r.remaining()) {
      corrupt("nlist " + std::to_string(nlist) + " at dim " + std::to_string(dim) + " needs " +
              std::to_string(top_bytes + list_bytes) + " bytes, only " + std::to_string(r.remaining()) + " left");
    }
  }

  static CoarseQuantizer read_coarse(const Header& h, ByteReader& r) {
    const std::uint64_t dim = h.dim;
    CentroidTable top_table;
    std::vector<std::uint32_t> top_of_list;
    if (h.top > 0) {
      std::vector<float> top_rows = r.get_array<float>(std::uint64_t{h.top} * dim, "top centroids");
      check_finite(top_rows, "top centroids");
      top_table = CentroidTable(std::move(top_rows), h.dim);
      top_of_list = r.get_array<std::uint32_t>(h.nlist, "top of list");
      for (const auto t : top_of_list) {
        if (t >= h.top) corrupt("top cluster " + std::to_string(t));
      }
    }
    std::vector<float> list_rows = r.get_array<float>(std::uint64_t{h.nlist} * dim, "list centroids");
    check_finite(list_rows, "list centroids");
    return {CentroidTable(std::move(list_rows), h.dim), std::move(top_table), std::move(top_of_list)};
  }

  // List `l`'s size field, checked against the bytes left (every later list needs its size field too).
  static std::uint64_t read_list_size(const Header& h, std::uint32_t l, ByteReader& r) {
    const auto size = r.get<std::uint64_t>("list size");
    const std::uint64_t later_sizes = std::uint64_t{h.nlist - 1 - l} * sizeof(std::uint64_t);
    if (size > (r.remaining() - later_sizes) / bytes_per_vector(h)) corrupt("list size " + std::to_string(size));
    return size;
  }

  static Column<std::uint64_t> read_ids(RabitqIndex& index, std::uint32_t l, std::uint64_t size, ArrayTaker& take,
                                        bool mapped, std::uint64_t& next_id) {
    return take.checked<std::uint64_t>(size, "ids", [&](std::span<const std::uint64_t> ids) {
      for (std::size_t pos = 0; pos < ids.size(); ++pos) {
        // A mapped index builds its id map when first needed (ensure_locations).
        if (!mapped && !index.location_.emplace(ids[pos], Location{l, static_cast<std::uint32_t>(pos)}).second) {
          corrupt("duplicate id " + std::to_string(ids[pos]));
        }
        // Files written before automatic ids saturated may hold a next id that wrapped past 2^64 - 1.
        next_id = next_auto_id(next_id, ids[pos]);
      }
    });
  }

  static void read_codes(const Header& h, std::uint64_t size, ArrayTaker& take, List& list) {
    const std::uint64_t code_bytes = checked_product((size + 31) / 32, std::uint64_t{h.padded / 4} * 16, "codes");
    list.codes = take.unchecked<std::uint8_t>(code_bytes, "codes");
    list.add = take.checked<float>(size, "factors", factor_check("factors"));
    list.scale = take.checked<float>(size, "factors", factor_check("factors"));
    if (h.bits > 1) {
      list.ex_codes = take.unchecked<std::uint8_t>(checked_product(size, h.padded, "extended codes"), "extended codes");
      list.ex_scale = take.checked<float>(size, "extended factors", factor_check("extended factors"));
      list.ex_error = take.checked<float>(size, "extended factors", factor_check("extended factors"));
    }
  }

  // The stored vectors: checked finite when copied; a mapped index is not read whole at load.
  static void read_store(const Header& h, std::uint64_t size, ArrayTaker& take, bool mapped, List& list) {
    const std::uint64_t values = checked_product(size, h.dim, "vectors");
    if (h.store == static_cast<std::uint8_t>(VectorStore::kF32)) {
      list.f32 = mapped ? take.unchecked<float>(values, "vectors")
                        : take.checked<float>(values, "vectors",
                                              [](std::span<const float> v) { check_finite(v, "stored vectors"); });
    }
    if (h.store == static_cast<std::uint8_t>(VectorStore::kF16)) {
      list.f16 = mapped ? take.unchecked<std::uint16_t>(values, "vectors")
                        : take.checked<std::uint16_t>(values, "vectors", [](std::span<const std::uint16_t> v) {
                            check_finite_halves(v, "stored vectors");
                          });
    }
  }

  static std::uint64_t read_list(RabitqIndex& index, const Header& h, std::uint32_t l, ByteReader& r, ArrayTaker& take,
                                 bool mapped, std::uint64_t& next_id) {
    List& list = index.lists_[l];
    const std::uint64_t size = read_list_size(h, l, r);
    list.ids = read_ids(index, l, size, take, mapped, next_id);
    read_codes(h, size, take, list);
    read_store(h, size, take, mapped, list);
    return size;
  }
};

RabitqIndex RabitqIndex::parse(ByteSource& source, const std::uint8_t* mapped) {
  const std::uint64_t total = source.size();
  check_magic(source);
  // A mapped index is not read whole at load, so its CRC is not checked (see map()).
  ByteReader r(source, total - kTrailerBytes, /*track_crc=*/mapped == nullptr);
  const Header h = read_prefix_and_header(r);
  Calibration calibration = read_calibration(h, r);
  FileReader::check_coarse_fits(h, r);
  RabitqIndex index(h.dim, static_cast<Metric>(h.metric), h.bits, static_cast<VectorStore>(h.store), h.seed, h.rotation,
                    FileReader::read_coarse(h, r));
  index.default_nprobe_ = h.nprobe;
  index.default_rerank_factor_ = h.rerank;
  index.calibration_ = std::move(calibration);
  // The header's count is not checked yet: reserve no more rows than the bytes left can hold.
  if (mapped == nullptr)
    index.location_.reserve(static_cast<std::size_t>(std::min(h.count, r.remaining() / bytes_per_vector(h))));
  std::uint64_t total_rows = 0;
  std::uint64_t next_id = h.next_id;
  ArrayTaker take(r, source, mapped);
  for (std::uint32_t l = 0; l < h.nlist; ++l)
    total_rows += FileReader::read_list(index, h, l, r, take, mapped != nullptr, next_id);
  if (total_rows != h.count) {
    corrupt("list sizes add up to " + std::to_string(total_rows) + ", header says " + std::to_string(h.count));
  }
  if (mapped == nullptr) {
    check_trailer(source, r);
  } else if (r.remaining() != 0) {
    corrupt(std::to_string(r.remaining()) + " unexpected bytes after the last list");
  }
  index.count_ = static_cast<std::size_t>(total_rows);  // <= the file's bytes
  index.locations_ready_ = mapped == nullptr;
  index.ids_unique_ = mapped == nullptr;
  index.next_id_ = next_id;
  if (mapped == nullptr) index.back_rows_with_huge_pages();
  return index;
}

IndexSummary RabitqIndex::scan_stored_rows(ByteSource& source,
                                           const std::function<void(const IndexSummary&)>& on_header,
                                           const StoredRowsVisitor& visit) {
  check_magic(source);
  ByteReader r(source, source.size() - kTrailerBytes, /*track_crc=*/true);
  const Header h = read_prefix_and_header(r);
  const IndexSummary summary{
      h.dim, static_cast<Metric>(h.metric), h.bits, static_cast<VectorStore>(h.store), h.seed, h.rotation, h.count};
  on_header(summary);
  (void)read_calibration(h, r);
  const std::uint64_t dim = h.dim;
  if (h.top > 0) {
    (void)r.get_array<float>(checked_product(h.top, dim, "top centroids"), "top centroids");
    (void)r.get_array<std::uint32_t>(h.nlist, "top of list");
  }
  (void)r.get_array<float>(checked_product(h.nlist, dim, "list centroids"), "list centroids");
  const std::uint64_t groups = h.padded / 4;
  std::uint64_t total_rows = 0;
  std::vector<float> decoded;
  for (std::uint32_t l = 0; l < h.nlist; ++l) {
    const auto size = r.get<std::uint64_t>("list size");
    const std::vector<std::uint64_t> ids = r.get_array<std::uint64_t>(size, "ids");
    (void)r.get_array<std::uint8_t>(checked_product((size + 31) / 32, groups * 16, "codes"), "codes");
    (void)r.get_array<float>(checked_product(size, 2, "factors"), "factors");
    if (h.bits > 1) {
      (void)r.get_array<std::uint8_t>(checked_product(size, h.padded, "extended codes"), "extended codes");
      (void)r.get_array<float>(checked_product(size, 2, "extended factors"), "extended factors");
    }
    if (h.store == static_cast<std::uint8_t>(VectorStore::kF32)) {
      const std::vector<float> rows = r.get_array<float>(checked_product(size, dim, "vectors"), "vectors");
      visit(ids, rows);
    } else if (h.store == static_cast<std::uint8_t>(VectorStore::kF16)) {
      const std::vector<std::uint16_t> halves =
          r.get_array<std::uint16_t>(checked_product(size, dim, "vectors"), "vectors");
      decoded.resize(halves.size());
      half_row_to_float(halves.data(), decoded.data(), halves.size());
      visit(ids, decoded);
    }
    total_rows += size;
  }
  if (total_rows != h.count) {
    corrupt("list sizes add up to " + std::to_string(total_rows) + ", header says " + std::to_string(h.count));
  }
  if (r.remaining() != 0) corrupt(std::to_string(r.remaining()) + " unexpected bytes after the last list");
  std::uint32_t stored_crc = 0;
  source.read(source.size() - kTrailerBytes, &stored_crc, sizeof stored_crc);
  IndexSummary scanned = summary;
  scanned.checksum_ok = r.crc() == stored_crc;
  return scanned;
}

void RabitqIndex::for_each_stored_rows(const StoredRowsVisitor& visit) const {
  if (store_ == VectorStore::kNone) {
    throw_error(ErrorCode::kInvalidInput, "the index stores no vectors (store 'none'): it has no rows to visit");
  }
  const std::shared_lock lock(mutex_);
  std::vector<float> decoded;
  for (const List& list : lists_) {
    if (store_ == VectorStore::kF32) {
      visit(list.ids.span(), list.f32.span());
    } else {
      decoded.resize(list.f16.size());
      half_row_to_float(list.f16.data(), decoded.data(), list.f16.size());
      visit(list.ids.span(), decoded);
    }
  }
}

#if !defined(__EMSCRIPTEN__)
void RabitqIndex::save(const std::string& path) const {
  write_file_atomic(path, serialize());
}

RabitqIndex RabitqIndex::load(const std::string& path, bool memory_map) {
  if (memory_map) return map(std::make_shared<MappedFile>(path));
  FileSource file(path);
  return deserialize(file);
}

RabitqIndex RabitqIndex::map(const std::shared_ptr<MappedFile>& file) {
  RabitqIndex index = parse(file->reader(), file->bytes().data());
  index.mapping_ = file;
  return index;
}
#endif

}  // namespace ruvector::rabitq
