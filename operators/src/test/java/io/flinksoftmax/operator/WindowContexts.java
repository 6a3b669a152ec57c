package io.flinksoftmax.operator;

import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/** Window contexts for calling a window function directly: only the window is asked for. */
final class WindowContexts {

    private WindowContexts() {}

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
