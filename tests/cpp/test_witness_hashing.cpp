// SHAKE-256 / SHA3-256 against FIPS 202 example values, and the upstream bundle witness against
// the upstream implementation's vectors (tests/data/witness/, byte for byte: preimage and digest).
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "golden.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/crypto/keccak.hpp"
#include "ruvector/witness/bundle_witness.hpp"
#include "ruvector/witness/hex.hpp"

namespace json = boost::json;
namespace crypto = ruvector::crypto;
namespace witness = ruvector::witness;
using ruvector::test::golden_file;

namespace {

std::vector<std::uint8_t> message_of(const json::object& v) {
  if (const auto* hex = v.if_contains("msg_hex")) return witness::from_hex(hex->as_string());
  const json::object& rep = v.at("msg_repeat").as_object();
  return std::vector<std::uint8_t>(static_cast<std::size_t>(rep.at("count").as_int64()),
                                   witness::from_hex(rep.at("byte").as_string())[0]);
}

witness::Generation generation_of(const json::object& inputs) {
  const json::value& g = inputs.at("generation").at("value");
  if (g.is_string()) return std::string(g.as_string());
  return static_cast<std::uint64_t>(g.as_int64());
}

}  // namespace

TEST_CASE("SHA3-256 and SHAKE-256 match the FIPS 202 example values", "[witness][keccak]") {
  const json::object& data = golden_file("witness/keccak_vectors.json");
  for (const json::value& v : data.at("sha3_256").as_array()) {
    CHECK(witness::to_hex(crypto::sha3_256(message_of(v.as_object()))) == v.at("md_hex").as_string());
  }
  for (const json::value& v : data.at("shake256").as_array()) {
    std::vector<std::uint8_t> out(32);
    crypto::shake256(message_of(v.as_object()), out);
    CHECK(witness::to_hex(out) == v.at("out_hex").as_string());
  }
  const json::object& longest = data.at("shake256_long").as_object();
  std::vector<std::uint8_t> out(static_cast<std::size_t>(longest.at("out_len").as_int64()));
  crypto::shake256(message_of(longest), out);
  CHECK(witness::to_hex(out) == longest.at("out_hex").as_string());
}

TEST_CASE("SHAKE-256 absorbs and squeezes in any split", "[witness][keccak]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<std::uint8_t> msg(rng() % 700);
    for (auto& b : msg) b = static_cast<std::uint8_t>(rng());
    std::vector<std::uint8_t> whole(1 + rng() % 400);
    crypto::shake256(msg, whole);

    crypto::Shake256 sponge;
    std::size_t at = 0;
    while (at < msg.size()) {
      const std::size_t take = std::min<std::size_t>(msg.size() - at, rng() % 200);
      sponge.absorb(crypto::Bytes(msg).subspan(at, take));
      at += take;
    }
    std::vector<std::uint8_t> pieces(whole.size());
    std::size_t got = 0;
    while (got < pieces.size()) {
      const std::size_t take = std::min<std::size_t>(pieces.size() - got, 1 + rng() % 150);
      sponge.squeeze(std::span<std::uint8_t>(pieces).subspan(got, take));
      got += take;
    }
    CHECK(pieces == whole);
  }
}

TEST_CASE("SHAKE-256 refuses to absorb after squeezing", "[witness][keccak]") {
  crypto::Shake256 sponge;
  std::array<std::uint8_t, 4> out{};
  sponge.squeeze(out);
  CHECK_THROWS_AS(sponge.absorb(crypto::as_bytes("x")), ruvector::Error);
}

TEST_CASE("bundle witness reproduces every upstream vector byte for byte", "[witness][bundle]") {
  const json::object& data = golden_file("witness/upstream_bundle_witness.json");
  const json::array& vectors = data.at("vectors").as_array();
  REQUIRE(vectors.size() >= 5);
  for (const json::value& vv : vectors) {
    const json::object& v = vv.as_object();
    const json::object& in = v.at("inputs").as_object();
    INFO(v.at("name").as_string().c_str());
    const std::string data_ref(in.at("data_ref").as_string());
    const auto dim = static_cast<std::uint64_t>(in.at("dim").as_int64());
    const auto seed = static_cast<std::uint64_t>(in.at("rotation_seed").as_int64());
    const auto rerank = static_cast<std::uint64_t>(in.at("rerank_factor").as_int64());
    const witness::Generation g = generation_of(in);
    const std::vector<std::uint8_t> preimage = witness::bundle_witness_preimage(data_ref, dim, seed, rerank, g);
    CHECK(witness::to_hex(preimage) == v.at("preimage_hex").as_string());
    CHECK(preimage.size() == static_cast<std::size_t>(v.at("preimage_len").as_int64()));
    const std::string digest = witness::bundle_witness_hex(data_ref, dim, seed, rerank, g);
    CHECK(digest == v.at("witness_hex").as_string());
    if (const auto* base = v.if_contains("base_witness_hex")) CHECK(digest != base->as_string());
  }
}

TEST_CASE("bundle witness: numeric and opaque generations with the same bytes differ", "[witness][bundle]") {
  const std::string as_text("\x07\0\0\0\0\0\0\0", 8);
  CHECK(witness::bundle_witness("x", 1, 0, 1, std::uint64_t{7}) != witness::bundle_witness("x", 1, 0, 1, as_text));
}

TEST_CASE("hex decoding names the bad input", "[witness]") {
  CHECK(witness::from_hex("0aFf") == std::vector<std::uint8_t>{0x0a, 0xff});
  CHECK_THROWS_WITH(witness::from_hex("abc", "root"), Catch::Contains("root") && Catch::Contains("even"));
  CHECK_THROWS_WITH(witness::from_hex("zz", "root"), Catch::Contains("position 0"));
}

TEST_CASE("SHA-256: the dispatched implementation equals libsodium's on every length split", "[witness][sha256]") {
  std::mt19937_64 rng(11);
  std::vector<std::uint8_t> data(1000);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  for (std::size_t n = 0; n < data.size(); n += (n < 200 ? 1 : 37)) {
    const crypto::Bytes whole = crypto::Bytes(data).first(n);
    const std::size_t cut = n == 0 ? 0 : rng() % n;
    const auto want = crypto::sha256_of_parts_portable({whole});
    REQUIRE(crypto::sha256_of_parts({whole.first(cut), whole.subspan(cut)}) == want);
    REQUIRE(crypto::sha256(whole) == want);
  }
  // FIPS 180-4 example: SHA-256("abc").
  CHECK(witness::to_hex(crypto::sha256(crypto::as_bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
