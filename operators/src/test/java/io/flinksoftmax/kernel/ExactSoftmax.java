package io.flinksoftmax.kernel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A reference softmax in BigDecimal arithmetic with 40 significant digits, far beyond what a double
 * can hold, rounded once to double at the end. Only for tests: slow by design.
 *
 * <p>{@code exp(x)} for {@code x <= 0} splits {@code x = -k + j/64 + g} with integer {@code k} and
 * {@code j}, takes {@code e^-k} and {@code e^(j/64)} from tables and {@code e^g} ({@code 0 <= g <
 * 1/64}) from its Taylor series.
 */
final class ExactSoftmax {

    static final MathContext MC = new MathContext(40, RoundingMode.HALF_EVEN);

    /** Beyond -760 the exact probability rounds to 0 in double: e^-760 < 2^-1075. */
    private static final int MIN_EXPONENT = 760;

    private static final BigDecimal[] EXP_NEG_INT = new BigDecimal[MIN_EXPONENT + 2];
    private static final BigDecimal[] EXP_SIXTY_FOURTHS = new BigDecimal[64];
    private static final BigDecimal SIXTY_FOUR = BigDecimal.valueOf(64);

    static {
        MathContext wide = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal eInverse = taylorExp(BigDecimal.ONE.negate(), wide);
        EXP_NEG_INT[0] = BigDecimal.ONE;
        for (int k = 1; k < EXP_NEG_INT.length; k++) {
            EXP_NEG_INT[k] = EXP_NEG_INT[k - 1].multiply(eInverse, wide);
        }
        for (int j = 0; j < 64; j++) {
            EXP_SIXTY_FOURTHS[j] = taylorExp(BigDecimal.valueOf(j).divide(SIXTY_FOUR), wide);
        }
    }

    private ExactSoftmax() {}

    /** Exact probabilities (rounded once to double) of the tempered, masked softmax. */
    static double[] probabilities(double[] z, boolean[] eligible, double temperature) {
        Terms terms = terms(z, eligible, temperature);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] =
                    terms.exps[i] == null
                            ? 0.0
                            : terms.exps[i].divide(terms.total, MC).doubleValue();
        }
        return p;
    }

    /** Exact log probabilities (rounded once to double); -Infinity for ineligible entries. */
    static double[] logProbabilities(double[] z, boolean[] eligible, double temperature) {
        Terms terms = terms(z, eligible, temperature);
        BigDecimal logTotal = log1p(terms.rest);
        double[] logP = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            logP[i] =
                    terms.shifted[i] == null
                            ? Double.NEGATIVE_INFINITY
                            : terms.shifted[i].subtract(logTotal, MC).doubleValue();
        }
        return logP;
    }

    private record Terms(
            BigDecimal[] shifted, BigDecimal[] exps, BigDecimal rest, BigDecimal total) {}

    private static Terms terms(double[] z, boolean[] eligible, double temperature) {
        int top = -1;
        for (int i = 0; i < z.length; i++) {
            if ((eligible == null || eligible[i]) && (top < 0 || z[i] > z[top])) {
                top = i;
            }
        }
        BigDecimal max = new BigDecimal(z[top]);
        BigDecimal t = new BigDecimal(temperature);
        BigDecimal[] shifted = new BigDecimal[z.length];
        BigDecimal[] exps = new BigDecimal[z.length];
        BigDecimal rest = BigDecimal.ZERO;
        for (int i = 0; i < z.length; i++) {
            if (eligible != null && !eligible[i]) {
                continue;
            }
            // Exact difference of two doubles, then one division at 40 digits.
            shifted[i] = new BigDecimal(z[i]).subtract(max).divide(t, MC);
            exps[i] = exp(shifted[i]);
            if (i != top) {
                rest = rest.add(exps[i], MC);
            }
        }
        return new Terms(shifted, exps, rest, BigDecimal.ONE.add(rest, MC));
    }

    /** e^x for x <= 0; 0 where the value is far below the smallest double. */
    static BigDecimal exp(BigDecimal x) {
        if (x.signum() > 0) {
            throw new IllegalArgumentException("x must be <= 0");
        }
        if (x.compareTo(BigDecimal.valueOf(-MIN_EXPONENT)) < 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal floor = x.setScale(0, RoundingMode.FLOOR);
        BigDecimal fraction = x.subtract(floor); // in [0, 1)
        BigDecimal sixtyFourths = fraction.multiply(SIXTY_FOUR).setScale(0, RoundingMode.FLOOR);
        BigDecimal g = fraction.subtract(sixtyFourths.divide(SIXTY_FOUR));
        return EXP_NEG_INT[-floor.intValueExact()]
                .multiply(EXP_SIXTY_FOURTHS[sixtyFourths.intValueExact()], MC)
                .multiply(taylorExp(g, MC), MC);
    }

    /** ln(1 + r) for r >= 0: its series for small r, Newton's method on exp otherwise. */
    static BigDecimal log1p(BigDecimal r) {
        if (r.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (r.compareTo(new BigDecimal("1e-4")) < 0) {
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal power = r;
            for (int k = 1; k < 20; k++) {
                BigDecimal term = power.divide(BigDecimal.valueOf(k), MC);
                sum = (k % 2 == 1) ? sum.add(term, MC) : sum.subtract(term, MC);
                power = power.multiply(r, MC);
            }
            return sum;
        }
        BigDecimal s = BigDecimal.ONE.add(r, MC);
        BigDecimal y = new BigDecimal(Math.log(s.doubleValue()));
        for (int i = 0; i < 4; i++) {
            // y <- y + s * e^-y - 1 converges quadratically to ln(s).
            y = y.add(s.multiply(exp(y.negate()), MC), MC).subtract(BigDecimal.ONE, MC);
        }
        return y;
    }

    private static BigDecimal taylorExp(BigDecimal x, MathContext mc) {
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int k = 1; k < 200; k++) {
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(k), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(epsilon) < 0) {
                break;
            }
        }
        return sum;
    }
}
