// The public verification of a giveaway's draw, recomputed in the browser from the data on
// the page (the same lines as campaigns/shared/draws.py and `chorus verify-draw`):
//   entrants      = sorted(entrant ids)
//   entrants_hash = sha256("\n".join(entrants))
//   pool          = entrants not drawn before
//   n-th winner   = pool[int(sha256(f"{seed}:{entrants_hash}:{n}"), 16) % len(pool)]
// SHA-256 is written out here (FIPS 180-4) so the page needs no secure context and no library.
(function () {
  "use strict";

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // The SHA-256 of a text's UTF-8 bytes, as 64 lowercase hex digits.
  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var block = 0; block < padded.length; block += 64) {
      for (var i = 0; i < 16; i++) { w[i] = view.getUint32(block + i * 4); }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k]
        .map(function (x) { return x | 0; });
    }
    return h.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  // Python's sorted() of str: by code point.
  function byCodePoint(x, y) {
    var a = Array.from(x), b = Array.from(y);
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      var d = a[i].codePointAt(0) - b[i].codePointAt(0);
      if (d !== 0) { return d; }
    }
    return a.length - b.length;
  }

  // Draws 0 … count-1, each among the entrants not drawn before.
  function replay(seed, entrants, count) {
    var ordered = entrants.slice().sort(byCodePoint);
    var hash = sha256(ordered.join("\n"));
    var winners = [];
    for (var n = 0; n < Math.min(count, new Set(ordered).size); n++) {
      var pool = ordered.filter(function (e) { return winners.indexOf(e) < 0; });
      var digest = sha256(seed + ":" + hash + ":" + n);
      winners.push(pool[Number(BigInt("0x" + digest) % BigInt(pool.length))]);
    }
    return winners;
  }

  function lines(text) {
    return text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  var form = document.getElementById("recompute");
  if (!form) { return; }
  var out = document.getElementById("checks");
  var words = out.dataset;

  function check(event) {
    if (event) { event.preventDefault(); }
    var seed = form.elements.seed.value.trim();
    var commitment = form.elements.commitment.value.trim();
    var published = form.elements.entrants_hash.value.trim();
    var entrants = lines(form.elements.entrants.value).sort(byCodePoint);
    var recorded = lines(form.elements.recorded.value);
    var recomputed = replay(seed, entrants, recorded.length);
    var rows = [
      [sha256(seed) === commitment, say(words.seed, { seed: seed })],
      [sha256(entrants.join("\n")) === published,
       say(words.entrants, { count: entrants.length, hash: published })]
    ];
    recorded.forEach(function (winner, n) {
      rows.push([winner === recomputed[n],
                 say(words.winner, { number: n, recorded: winner, recomputed: recomputed[n] })]);
    });
    var ok = rows.every(function (row) { return row[0]; });
    out.textContent = "";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      item.textContent = (row[0] ? "✓ " : "✗ ") + row[1];
      item.className = row[0] ? "pass" : "fail";
      out.appendChild(item);
    });
    var verdict = document.getElementById("verdict");
    verdict.textContent = ok ? words.ok : words.failed;
    verdict.className = ok ? "pass" : "fail";
    form.dataset.checked = ok ? "ok" : "failed";
  }

  window.chorusDraw = { sha256: sha256, replay: replay };
  form.addEventListener("submit", check);
  check();
})();
