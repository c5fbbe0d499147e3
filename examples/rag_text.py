"""Text RAG with ruvector: a Collection over ~50 short documents, embedded with the zero-weight
HashEmbedder (no model to download), answering questions with the best-matching passages.

In a real application the hits would be pasted into an LLM prompt; here they are printed.

Run: .venv/bin/python examples/rag_text.py   (or: python examples/rag_text.py after `pip install ruvector`)
"""

from __future__ import annotations

import sys

import ruvector as rv

DOCUMENTS = [
    # travel
    ("The Eiffel Tower in Paris is 330 metres tall and was completed in 1889.", "travel"),
    ("Kyoto has more than a thousand temples, including the golden Kinkaku-ji pavilion.", "travel"),
    ("A Japan Rail Pass covers most Shinkansen bullet trains for 7, 14 or 21 days.", "travel"),
    ("The Louvre in Paris is the most visited art museum in the world.", "travel"),
    ("Iceland's Ring Road circles the island in about 1,300 kilometres.", "travel"),
    ("Machu Picchu tickets sell out months ahead in the dry season.", "travel"),
    ("Venice's water buses, the vaporetti, run along the Grand Canal day and night.", "travel"),
    ("The Great Barrier Reef is best seen between June and October.", "travel"),
    # cooking
    ("Bake sourdough bread at 250 degrees with steam for the first twenty minutes.", "cooking"),
    ("Risotto needs hot stock added one ladle at a time while stirring.", "cooking"),
    ("Rest a steak for five minutes after grilling so the juices settle.", "cooking"),
    ("Fresh pasta is made from flour and eggs, kneaded until smooth.", "cooking"),
    ("Caramelise onions slowly over low heat for at least forty minutes.", "cooking"),
    ("A pinch of salt in the water keeps boiled eggs from cracking.", "cooking"),
    ("Tempering chocolate means melting, cooling and gently rewarming it.", "cooking"),
    ("Miso soup is made with dashi stock, miso paste, tofu and seaweed.", "cooking"),
    # computing
    ("Python lists grow by over-allocating, so appending is amortised constant time.", "computing"),
    ("A hash table maps keys to buckets; collisions are resolved by chaining or probing.", "computing"),
    ("Vector databases store embeddings and find nearest neighbours for a query vector.", "computing"),
    ("RaBitQ compresses each vector to one bit per dimension with an error bound.", "computing"),
    ("WebAssembly runs compiled C++ code in the browser at near-native speed.", "computing"),
    ("Git stores snapshots of the project; a commit points to its parent commits.", "computing"),
    ("TLS certificates prove a server's identity and expire after a set period.", "computing"),
    ("A mutex lets only one thread at a time enter a critical section.", "computing"),
    ("Retrieval-augmented generation gives a language model relevant documents to cite.", "computing"),
    ("Unicode encodes every character as a code point; UTF-8 stores it in 1 to 4 bytes.", "computing"),
    # health
    ("Adults should aim for seven to nine hours of sleep each night.", "health"),
    ("Regular walking lowers blood pressure and improves heart health.", "health"),
    ("Drink water before you feel thirsty during long exercise in the heat.", "health"),
    ("Sunscreen with SPF 30 or higher should be reapplied every two hours.", "health"),
    ("Stretching after a run helps the muscles recover.", "health"),
    ("Vitamin D is made in the skin when it is exposed to sunlight.", "health"),
    # nature
    ("Honeybees communicate the direction of flowers with a waggle dance.", "nature"),
    ("Octopuses have three hearts and blue blood.", "nature"),
    ("Oak trees can live for more than a thousand years.", "nature"),
    ("Monarch butterflies migrate thousands of kilometres to Mexico each winter.", "nature"),
    ("Emperor penguins huddle together to survive the Antarctic winter.", "nature"),
    ("Tides are caused by the gravitational pull of the Moon and the Sun.", "nature"),
    ("Lightning heats the air to about 30,000 kelvin, five times hotter than the Sun's surface.", "nature"),
    ("Coral reefs are built by tiny animals called polyps.", "nature"),
    # space
    ("Saturn's rings are made mostly of ice particles and rocky debris.", "space"),
    ("Light from the Sun takes about eight minutes to reach the Earth.", "space"),
    ("Mars has the tallest volcano in the solar system, Olympus Mons.", "space"),
    ("The International Space Station orbits the Earth every 90 minutes.", "space"),
    ("Jupiter's Great Red Spot is a storm larger than the Earth.", "space"),
    ("A light-year is the distance light travels in one year, about 9.46 trillion kilometres.", "space"),
    # money
    ("Compound interest earns interest on previously earned interest.", "money"),
    ("An index fund tracks a market index and usually has low fees.", "money"),
    ("Inflation reduces the purchasing power of money over time.", "money"),
    ("An emergency fund should cover three to six months of expenses.", "money"),
]

QUESTIONS = [
    "How tall is the Eiffel Tower in Paris?",
    "How long should I bake sourdough bread?",
    "How many hearts does an octopus have?",
]


def main(k: int = 3) -> None:
    # --- the lines a user writes -----------------------------------------------------------
    collection = rv.Collection(rv.HashEmbedder(dim=384))
    collection.add([text for text, _ in DOCUMENTS], metas=[{"topic": topic} for _, topic in DOCUMENTS])
    answers = collection.query(QUESTIONS, k=k)
    # -----------------------------------------------------------------------------------------

    print(f"ruvector {rv.__version__} | {collection!r}")
    for question, hits in zip(QUESTIONS, answers, strict=True):
        print(f"\nQ: {question}")
        for rank, hit in enumerate(hits, 1):
            topic = hit.meta["topic"] if hit.meta else "-"
            print(f"  {rank}. [{hit.score:.3f}] #{hit.id} ({topic}) {hit.text}")

    expected = [0, 8, 33]  # the document each question is about
    if [hits[0].id for hits in answers] != expected:
        sys.exit(f"unexpected top hits: {[hits[0].id for hits in answers]}, want {expected}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
