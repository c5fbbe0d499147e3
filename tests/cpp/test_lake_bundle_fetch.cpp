// Reading a published bundle file by file (BundleFetch), as HTTP backends do: the order, the check
// that the files are one bundle, one refetch after a republish in between, then WitnessMismatch; and
// a backend's trusted keys travelling with the bundle into the lake's checks. Every target: no files.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "error_of.hpp"
#include "normal_values.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/bundle_fetch.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/merkle.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::message_of;
using ruvector::test::normal_values;

namespace {

constexpr std::size_t kDim = 8;
constexpr std::size_t kRows = 150;

LakeOptions single_thread() {
  LakeOptions options;
  options.threads = 1;
  return options;
}

// What a publisher lake writes after `writes` puts of fresh data (each a new generation).
BundleBytes publish(unsigned data_seed, int writes = 1) {
  Lake lake(single_thread());
  auto mem = std::make_shared<LocalBackend>("publisher");
  std::vector<std::uint64_t> ids(kRows);
  for (std::size_t i = 0; i < kRows; ++i) ids[i] = ~std::uint64_t{0} - 7 * i;
  for (int w = 0; w < writes; ++w) mem->put_collection("docs", kDim, ids, normal_values(kRows * kDim, data_seed));
  lake.register_backend(mem);
  return lake.bundle_bytes({"publisher", "docs"}, true);
}

// The bundle's witness record with a one-entry log: the entry is the root, the proof empty, and
// the checkpoint of size 1 signed by `signer` (what publish_bundle writes into a fresh log).
BundleBytes sign(BundleBytes bundle, const witness::NoteSigner& signer) {
  BundleWitness record =
      parse_bundle_witness({reinterpret_cast<const char*>(bundle.witness.data()), bundle.witness.size()});
  const witness::Checkpoint checkpoint{signer.name(), 1, witness::leaf_hash(bundle_log_entry(record)), {}};
  record.log = BundleLogProof{witness::sign_checkpoint(checkpoint, std::vector<witness::NoteSigner>{signer}), 0, 1, {}};
  const std::string json = bundle_witness_to_json(record);
  bundle.witness.assign(json.begin(), json.end());
  return bundle;
}

const std::vector<std::uint8_t>& file_of(const BundleBytes& bundle, std::string_view name) {
  if (name == kSidecarFileName) return bundle.sidecar;
  if (name == kWitnessFileName) return bundle.witness;
  return bundle.index;
}

// Feeds the fetch from `serve(request number)`, as a ring does; returns the requested file names.
template <class Serve>
std::vector<std::string> run(BundleFetch& fetch, Serve serve) {
  std::vector<std::string> asked;
  for (std::string_view name = fetch.next_file(); !name.empty(); name = fetch.next_file()) {
    asked.emplace_back(name);
    fetch.put(file_of(serve(asked.size()), name));
  }
  return asked;
}

// A backend serving one fetched bundle, as HttpBundleBackend does.
class FetchedBundles final : public Backend {
 public:
  explicit FetchedBundles(std::function<BundleBytes()> fetch) : fetch_(std::move(fetch)) {}
  [[nodiscard]] std::string id() const override { return "http"; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return {"docs"}; }
  [[nodiscard]] PulledBatch pull(const std::string& /*collection*/) const override {
    throw Error(ErrorCode::kInvalidInput, "a bundle backend was asked for rows");
  }
  [[nodiscard]] Generation generation(const std::string& /*collection*/) const override { return current().generation; }
  [[nodiscard]] std::size_t dimension(const std::string& /*collection*/) const override { return kDim; }
  [[nodiscard]] BundleDescriptor current_bundle(const std::string& /*collection*/, std::uint64_t seed,
                                                std::uint64_t rerank) const override {
    BundleDescriptor d = current();
    d.rotation_seed = seed;
    d.rerank_factor = rerank;
    return d;
  }
  [[nodiscard]] std::optional<BundleBytes> pull_bundle(const std::string& /*collection*/) const override {
    return fetch_();
  }

 private:
  [[nodiscard]] BundleDescriptor current() const {
    const BundleBytes b = fetch_();
    return parse_sidecar({reinterpret_cast<const char*>(b.sidecar.data()), b.sidecar.size()}).bundle;
  }
  std::function<BundleBytes()> fetch_;
};

}  // namespace

TEST_CASE("BundleFetch asks for the sidecar, the witness, then the index, and hands over one bundle", "[lake]") {
  const BundleBytes a = publish(1);
  BundleFetch fetch("https://example.test/docs", {});
  const auto asked = run(fetch, [&](std::size_t) { return a; });
  CHECK(asked == std::vector<std::string>{"table.rulake.json", "bundle.witness.json", "index.rvq"});
  CHECK(fetch.attempt() == 1);
  const BundleBytes got = fetch.take();
  CHECK(got.index == a.index);
  CHECK(got.witness == a.witness);
  CHECK(got.where == "https://example.test/docs");
  CHECK(code_of([&] { (void)fetch.take(); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("BundleFetch: a republish between two requests is fetched again, twice is WitnessMismatch", "[lake]") {
  const BundleBytes a = publish(1);
  const BundleBytes b = publish(2, 2);        // other data, generation 2
  REQUIRE(a.index.size() == b.index.size());  // same size: only the root tells them apart

  SECTION("the republish lands after the witness: the index disagrees, all three are fetched again") {
    BundleFetch fetch("u", {});
    const auto asked = run(fetch, [&](std::size_t request) { return request <= 2 ? a : b; });
    CHECK(asked.size() == 6);
    CHECK(fetch.attempt() == 2);
    CHECK(fetch.take().sidecar == b.sidecar);
  }
  SECTION("the republish lands after the sidecar: the witness names another bundle") {
    BundleFetch fetch("u", {});
    (void)run(fetch, [&](std::size_t request) { return request <= 1 ? a : b; });
    CHECK(fetch.attempt() == 2);
    CHECK(fetch.take().index == b.index);
  }
  SECTION("republished during both attempts") {
    BundleFetch fetch("https://example.test/docs", {});
    const std::string message =
        message_of([&] { (void)run(fetch, [&](std::size_t r) { return r % 3 == 0 ? b : a; }); });
    CHECK(code_of([&] {
            BundleFetch again("u", {});
            (void)run(again, [&](std::size_t r) { return r % 3 == 0 ? b : a; });
          }) == ErrorCode::kWitnessMismatch);
    CHECK(
        message.starts_with("bundle 'https://example.test/docs': its files disagree in 2 fetches (republished while "
                            "being read, or not one bundle): index.rvq has "));
  }
  SECTION("a malformed witness record is a PersistError at once") {
    BundleFetch fetch("u", {});
    BundleBytes broken = a;
    broken.witness = {'{', '}'};
    CHECK(code_of([&] { (void)run(fetch, [&](std::size_t) { return broken; }); }) == ErrorCode::kPersistError);
  }
}

TEST_CASE("BundleFetch: a backend's trusted keys travel with the bundle into the lake's checks", "[lake]") {
  const witness::NoteSigner signer = witness::NoteSigner::generate("example.test/lake");
  const std::vector<std::string> keys{signer.verifier().to_string()};
  const BundleBytes signed_bundle = sign(publish(3), signer);
  const CollectionKey key{"http", "docs"};
  const auto fetched = [&keys](const BundleBytes& served) {
    return [&keys, served] {
      BundleFetch fetch("https://example.test/docs", keys);
      (void)run(fetch, [&](std::size_t) { return served; });
      return fetch.take();
    };
  };

  Lake good(single_thread());
  good.register_backend(std::make_shared<FetchedBundles>(fetched(signed_bundle)));
  CHECK(good.search(key, normal_values(kDim, 9), 3).ids.size() == 3);
  CHECK(good.stats().warm_installs == 1);

  Lake unsigned_lake(single_thread());
  unsigned_lake.register_backend(std::make_shared<FetchedBundles>(fetched(publish(3))));
  CHECK(message_of([&] { (void)unsigned_lake.search(key, normal_values(kDim, 9), 3); }) ==
        "bundle witness mismatch: the bundle carries no transparency-log proof (it was published without a signer)");

  const witness::NoteSigner stranger = witness::NoteSigner::generate("example.test/lake");
  Lake forged(single_thread());
  forged.register_backend(std::make_shared<FetchedBundles>(fetched(sign(publish(3), stranger))));
  CHECK(code_of([&] { (void)forged.search(key, normal_values(kDim, 9), 3); }) == ErrorCode::kWitnessMismatch);
  CHECK(forged.entry_count() == 0);

  CHECK(code_of([] { BundleFetch("u", std::vector<std::string>{"not a key"}); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("verified_checkpoint_of: what a reader shows of a signed bundle, by the lake's checks", "[lake]") {
  const witness::NoteSigner signer = witness::NoteSigner::generate("example.test/lake");
  const witness::NoteSigner other = witness::NoteSigner::generate("example.test/other");
  const BundleBytes bundle = sign(publish(4), signer);
  const std::string json(bundle.witness.begin(), bundle.witness.end());
  const std::vector<witness::NoteVerifier> both{other.verifier(), signer.verifier()};
  const VerifiedCheckpoint shown = verified_checkpoint_of(json, both);
  CHECK(shown.checkpoint.origin == "example.test/lake");
  CHECK(shown.checkpoint.size == 1);
  CHECK(shown.checkpoint.root == witness::leaf_hash(bundle_log_entry(parse_bundle_witness(json))));
  CHECK(shown.key_names == std::vector<std::string>{"example.test/lake"});
  CHECK(shown.leaf_index == 0);
  const std::vector<witness::NoteVerifier> stranger{other.verifier()};
  CHECK(code_of([&] { (void)verified_checkpoint_of(json, stranger); }) == ErrorCode::kWitnessMismatch);
  const BundleBytes plain = publish(4);
  CHECK(code_of([&] { (void)verified_checkpoint_of(std::string(plain.witness.begin(), plain.witness.end()), both); }) ==
        ErrorCode::kWitnessMismatch);
}
