package io.flinksoftmax.operator;

import java.util.List;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * For calling a window function directly: a context (only the window is asked for), and a collector
 * into a list.
 */
final class WindowContexts {

    private WindowContexts() {}

    static <T> Collector<T> into(List<T> out) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }

    static <I, O, K> ProcessWindowFunction<I, O, K, TimeWindow>.Context of(
            ProcessWindowFunction<I, O, K, TimeWindow> function, long start, long end) {
        TimeWindow w = new TimeWindow(start, end);
        return function.new Context() {
            @Override
            public TimeWindow window() {
                return w;
            }

            @Override
            public long currentProcessingTime() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long currentWatermark() {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyedStateStore windowState() {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyedStateStore globalState() {
                throw new UnsupportedOperationException();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
