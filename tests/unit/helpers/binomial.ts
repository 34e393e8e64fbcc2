/** Independent binomial tail P(X ≥ k | n, p), summed term by term: a reference for exact intervals. */
export function binomUpperTail(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    s += c * p ** j * (1 - p) ** (n - j);
  }
  return s;
}
