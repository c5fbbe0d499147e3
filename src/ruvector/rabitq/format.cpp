// The RabitqIndex file format, version 1 (docs/file_format.md). Little-endian throughout:
//
//   magic "RVRABITQ" | u32 version = 1 | u32 header bytes (= 48)
//   header: u32 dim | u32 padded_dim | u8 metric | u8 bits | u8 store | u8 rotation kind | u64 seed
//           | u32 nlist | u32 top clusters | u32 default nprobe | f32 default rerank factor
//           | u64 next auto id | u64 vector count
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
#include "ruvector/rabitq/rabitq_index.hpp"

namespace ruvector::rabitq {
namespace {

constexpr char kMagic[8] = {'R', 'V', 'R', 'A', 'B', 'I', 'T', 'Q'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kHeaderBytes = 48;
constexpr std::uint32_t kMaxDim = 1U << 16U;

[[noreturn]] void corrupt(const std::string& why) {
  throw_error(ErrorCode::kPersistError, "corrupt index: " + why);
}

}  // namespace

std::vector<std::uint8_t> RabitqIndex::serialize() const {
  const std::shared_lock lock(mutex_);
  ByteWriter w;
  w.put_bytes(kMagic, sizeof kMagic);
  w.put<std::uint32_t>(kVersion);
  w.put<std::uint32_t>(kHeaderBytes);
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
  if (quantizer_.top().size() > 0) {
    w.put_array(quantizer_.top().rows());
    w.put_array(quantizer_.top_of_list());
  }
  w.put_array(quantizer_.lists().rows());
  for (const List& l : lists_) {
    w.put<std::uint64_t>(l.size());
    w.put_array(l.ids);
    w.put_array(l.codes);
    w.put_array(l.add);
    w.put_array(l.scale);
    if (bits_ > 1) {
      w.put_array(l.ex_codes);
      w.put_array(l.ex_scale);
      w.put_array(l.ex_error);
    }
    if (store_ == VectorStore::kF32) w.put_array(l.f32);
    if (store_ == VectorStore::kF16) w.put_array(l.f16);
  }
  const std::uint32_t crc = crc32(w.bytes());
  w.put<std::uint32_t>(crc);
  return std::move(w.bytes());
}

RabitqIndex RabitqIndex::deserialize(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < sizeof kMagic + 12 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    throw_error(ErrorCode::kPersistError,
                "not a ruvector RabitqIndex (bad magic; " + std::to_string(bytes.size()) + " bytes)");
  }
  ByteReader r(bytes.first(bytes.size() - 4));
  (void)r.get_array<std::uint8_t>(sizeof kMagic, "magic");
  const auto version = r.get<std::uint32_t>("version");
  if (version != kVersion) {
    throw_error(ErrorCode::kPersistError, "unsupported RabitqIndex format version " + std::to_string(version) +
                                              " (this build reads version " + std::to_string(kVersion) + ")");
  }
  std::uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + bytes.size() - 4, 4);
  if (crc32(bytes.first(bytes.size() - 4)) != stored_crc) corrupt("checksum mismatch (truncated or altered file)");
  if (r.get<std::uint32_t>("header size") != kHeaderBytes) corrupt("unexpected header size");

  const auto dim = r.get<std::uint32_t>("dim");
  const auto padded = r.get<std::uint32_t>("padded dim");
  const auto metric = r.get<std::uint8_t>("metric");
  const auto bits = r.get<std::uint8_t>("bits");
  const auto store = r.get<std::uint8_t>("store");
  const auto kind = r.get<std::uint8_t>("rotation");
  const auto seed = r.get<std::uint64_t>("seed");
  const auto nlist = r.get<std::uint32_t>("nlist");
  const auto top = r.get<std::uint32_t>("top clusters");
  const auto nprobe = r.get<std::uint32_t>("nprobe");
  const auto rerank = r.get<float>("rerank factor");
  const auto next_id = r.get<std::uint64_t>("next id");
  const auto count = r.get<std::uint64_t>("count");
  if (dim == 0 || dim > kMaxDim) corrupt("dim " + std::to_string(dim));
  if (metric > 2) corrupt("metric " + std::to_string(metric));
  if (bits < 1 || bits > 8) corrupt("bits " + std::to_string(bits));
  if (store > 2) corrupt("store " + std::to_string(store));
  if (kind != 1 && kind != 2) corrupt("rotation kind " + std::to_string(kind));
  const auto rotation = static_cast<RotationKind>(kind);
  if (padded != Rotation::padded_dim_for(dim, rotation)) corrupt("padded dim " + std::to_string(padded));
  if (nlist == 0 || top > nlist) corrupt("nlist " + std::to_string(nlist) + ", top " + std::to_string(top));
  if (nprobe == 0 || nprobe > nlist || !(rerank >= 1.0F) || !std::isfinite(rerank)) corrupt("search defaults");

  CentroidTable top_table;
  std::vector<std::uint32_t> top_of_list;
  if (top > 0) {
    top_table = CentroidTable(r.get_array<float>(std::size_t{top} * dim, "top centroids"), dim);
    top_of_list = r.get_array<std::uint32_t>(nlist, "top of list");
    for (const auto t : top_of_list) {
      if (t >= top) corrupt("top cluster " + std::to_string(t));
    }
  }
  CentroidTable lists(r.get_array<float>(std::size_t{nlist} * dim, "list centroids"), dim);
  RabitqIndex index(dim, static_cast<Metric>(metric), bits, static_cast<VectorStore>(store), seed, rotation,
                    CoarseQuantizer(std::move(lists), std::move(top_table), std::move(top_of_list)));
  index.default_nprobe_ = nprobe;
  index.default_rerank_factor_ = rerank;
  index.next_id_ = next_id;
  const std::size_t groups = padded / 4;
  std::uint64_t total = 0;
  for (std::uint32_t l = 0; l < nlist; ++l) {
    List& list = index.lists_[l];
    const auto size = r.get<std::uint64_t>("list size");
    if (size > r.remaining() / 8) corrupt("list size " + std::to_string(size));
    const auto n = static_cast<std::size_t>(size);  // fits: size <= remaining bytes / 8
    list.ids = r.get_array<std::uint64_t>(n, "ids");
    list.codes = r.get_array<std::uint8_t>((n + 31) / 32 * groups * 16, "codes");
    list.add = r.get_array<float>(n, "factors");
    list.scale = r.get_array<float>(n, "factors");
    if (bits > 1) {
      // n * padded cannot overflow: n <= remaining / 8 and padded <= 2^17.
      list.ex_codes = r.get_array<std::uint8_t>(n * padded, "extended codes");
      list.ex_scale = r.get_array<float>(n, "extended factors");
      list.ex_error = r.get_array<float>(n, "extended factors");
    }
    if (store == static_cast<std::uint8_t>(VectorStore::kF32)) list.f32 = r.get_array<float>(n * dim, "vectors");
    if (store == static_cast<std::uint8_t>(VectorStore::kF16))
      list.f16 = r.get_array<std::uint16_t>(n * dim, "vectors");
    for (std::size_t pos = 0; pos < n; ++pos) {
      if (!index.location_.emplace(list.ids[pos], Location{l, static_cast<std::uint32_t>(pos)}).second) {
        corrupt("duplicate id " + std::to_string(list.ids[pos]));
      }
    }
    total += size;
  }
  if (total != count)
    corrupt("list sizes add up to " + std::to_string(total) + ", header says " + std::to_string(count));
  if (r.remaining() != 0) corrupt(std::to_string(r.remaining()) + " unexpected bytes after the last list");
  index.back_rows_with_huge_pages();
  return index;
}

#if !defined(__EMSCRIPTEN__)
void RabitqIndex::save(const std::string& path) const {
  write_file_atomic(path, serialize());
}

RabitqIndex RabitqIndex::load(const std::string& path, bool memory_map) {
  if (memory_map) {
    const MappedFile file(path);  // parsed straight from the page cache, no read buffer
    return deserialize(file.bytes());
  }
  return deserialize(read_file(path));
}
#endif

}  // namespace ruvector::rabitq
