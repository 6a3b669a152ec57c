/**
 * Feedback and calibration (README "Feedback and calibration"): what an outcome is (a placed
 * candidate clicked or not, a class decision right or wrong), and the calibration metrics over a
 * set of outcomes. Pure, mergeable, no Flink.
 */
package io.flinksoftmax.calibration;
