package io.flinksoftmax.bench;

/** The softmax a user writes first: shift by the max, exp, plain sum, divide. The baseline. */
final class TextbookSoftmax {

    private TextbookSoftmax() {}

    static void softmax(double[] z, double[] p, double[] logP) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        double logSum = Math.log(sum);
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
            logP[i] = z[i] - max - logSum;
        }
    }
}
