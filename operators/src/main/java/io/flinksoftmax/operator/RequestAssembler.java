package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.encode.AssembledRequestJson;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.OpenRequestSerializer;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.text.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts requests together from their per-candidate events (docs/events-and-decisions.md
 * "Per-candidate events"), the way an auction closes when every bidder has answered or its deadline
 * has passed. Keyed by request id; it follows the scoring operator that routes the candidates here
 * ({@link OutputTags#CANDIDATES}) and precedes the one that decides the requests ({@link
 * ScoringOperator#forAssembledRequests}).
 *
 * <ul>
 *   <li>A request is decided when {@code expected} distinct candidates are in, or {@link
 *       AssemblySettings#timeout()} after its first candidate (processing time) with what it has,
 *       or at the end of a bounded input. It becomes one {@link RawEvent}: the {@code click_scores}
 *       event of its candidates in ascending id order ({@link AssembledRequestJson}), with its
 *       {@link RawEvent.Assembly}. So its decision is bit for bit that of the equivalent whole
 *       event, whatever order the candidates came in.
 *   <li>Each candidate is one record in and ends in exactly one place: in its request's decision,
 *       or in one dead letter: {@code late_candidate} (its request was decided within {@link
 *       AssemblySettings#memory()}), {@code duplicate_candidate} (the first stays), {@code
 *       inconsistent_request} ({@code expected}, {@code placement}, {@code model} or {@code
 *       temperature} differs from the first candidate's), {@code assembly_overflow} (it would open
 *       more than {@link AssemblySettings#maxOpenRequests()} requests on this subtask).
 *   <li>Open requests, their deadlines and the decided ids are keyed, checkpointed state: after a
 *       restore each request is still decided exactly once. Decided ids expire by state TTL.
 * </ul>
 *
 * <p>Watermarks pass through unchanged. An assembled decision carries its earliest candidate's
 * {@code ts} and is made at most the timeout after it was read, far inside any attribution window.
 *
 * <pre>{@code
 * DataStream<RawEvent> requests =
 *         scored.getSideOutput(OutputTags.CANDIDATES)
 *                 .keyBy(CandidateScore::request, Types.STRING)
 *                 .transform("assemble", ScoringTypes.RAW_EVENT,
 *                         new RequestAssembler(AssemblySettings.DEFAULTS))
 *                 .uid("assemble");
 * }</pre>
 */
@PublicEvolving
public class RequestAssembler extends AbstractStreamOperator<RawEvent>
        implements OneInputStreamOperator<CandidateScore, RawEvent>,
                Triggerable<String, VoidNamespace>,
                BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** State names: part of the savepoint format. */
    static final String OPEN_STATE = "open-requests";

    static final String DECIDED_STATE = "decided-request";

    /**
     * The state of the first assembler, before {@link OpenRequest}: a list of parsed candidates and
     * the time the request opened. Read once on restore and moved into {@link #OPEN_STATE}.
     */
    static final String LEGACY_CANDIDATES_STATE = "open-request-candidates";

    static final String LEGACY_OPENED_STATE = "open-request-opened";

    private static final int MAX_NAMES = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(RequestAssembler.class);

    private final AssemblySettings settings;

    private transient ValueState<OpenRequest> requests;
    private transient ValueState<Boolean> decided;
    private transient InternalTimerService<VoidNamespace> deadlines;

    /**
     * The requests open on this subtask and the heap each holds ({@link OpenRequest#heapBytes()}):
     * counted against {@code max_open_requests} and {@code max_open_bytes}, and decided at the end
     * of a bounded input. Rebuilt from the keyed state on restore.
     */
    private transient Map<String, Long> open;

    private transient long heldBytes;
    private transient long bytesBudget;

    /** Placement and model names seen, each to itself: {@link #canonical}. */
    private transient Map<String, String> names;

    private transient boolean restored;
    private transient AssembledRequestJson json;
    private transient AssemblyMetrics metrics;
    private transient LateShare lateShare;

    public RequestAssembler(AssemblySettings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open();
        requests =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        OPEN_STATE, OpenRequestSerializer.INSTANCE));
        ValueStateDescriptor<Boolean> decidedDescriptor =
                new ValueStateDescriptor<>(DECIDED_STATE, Types.BOOLEAN);
        decidedDescriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.memory())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        decided = getRuntimeContext().getState(decidedDescriptor);
        deadlines =
                getInternalTimerService(
                        "assembly-deadlines", VoidNamespaceSerializer.INSTANCE, this);
        open = new HashMap<>();
        names = new HashMap<>();
        if (restored) {
            migrateLegacyState();
            for (String key : keysOf(OPEN_STATE)) {
                setCurrentKey(key);
                OpenRequest request = requests.value();
                if (request != null) {
                    hold(key, request.heapBytes());
                }
            }
        }
        bytesBudget =
                settings.openBytesBudget(
                        Runtime.getRuntime().maxMemory(),
                        getContainingTask()
                                .getEnvironment()
                                .getTaskManagerInfo()
                                .getConfiguration()
                                .get(TaskManagerOptions.NUM_TASK_SLOTS));
        json = new AssembledRequestJson();
        metrics = new AssemblyMetrics(getRuntimeContext(), () -> open.size(), () -> heldBytes);
        lateShare = new LateShare();
    }

    /**
     * Moves open requests from the first assembler's state ({@link #LEGACY_CANDIDATES_STATE}) into
     * {@link OpenRequest}s, so that a savepoint taken by it loses no candidate. Their timers were
     * restored with the operator and find them under the new state.
     */
    private void migrateLegacyState() throws Exception {
        ListState<CandidateScore> legacy =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        LEGACY_CANDIDATES_STATE, ScoringTypes.CANDIDATE_SCORE));
        ValueState<Long> legacyOpened =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(LEGACY_OPENED_STATE, Types.LONG));
        for (String key : keysOf(LEGACY_OPENED_STATE)) {
            setCurrentKey(key);
            OpenRequest request = null;
            for (CandidateScore c : legacy.get()) {
                if (request == null) {
                    Long opened = legacyOpened.value();
                    // Always written with the list; should it be missing, the deadline runs now.
                    request =
                            OpenRequest.of(
                                    c,
                                    opened != null
                                            ? opened
                                            : getProcessingTimeService()
                                                    .getCurrentProcessingTime());
                }
                request.add(c);
            }
            if (request != null) {
                requests.update(request);
            }
            legacy.clear();
            legacyOpened.clear();
        }
    }

    /** The keys that hold a value of the named state, collected before any is changed. */
    private List<String> keysOf(String state) throws Exception {
        List<String> keys = new ArrayList<>();
        try (var stream =
                getKeyedStateBackend().<VoidNamespace>getKeys(state, VoidNamespace.INSTANCE)) {
            stream.forEach(key -> keys.add((String) key));
        }
        return keys;
    }

    @Override
    public void processElement(StreamRecord<CandidateScore> element) throws Exception {
        CandidateScore c = element.getValue();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        metrics.arrived(now - c.readAt());
        boolean late = Boolean.TRUE.equals(decided.value());
        String warning = lateShare.count(late, now, settings.timeout().toMillis());
        if (warning != null) {
            LOG.warn(warning);
        }
        if (late) {
            reject(
                    c,
                    Reason.LATE_CANDIDATE,
                    "request "
                            + Texts.quote(c.request())
                            + " was decided before this candidate came (assembly-timeout "
                            + settings.timeout().toMillis()
                            + " ms, or all its expected candidates were in)");
            return;
        }
        OpenRequest request = requests.value();
        byte[] id = OpenRequest.utf8(c.candidate());
        if (request == null) {
            if (open.size() >= settings.maxOpenRequests()) {
                reject(
                        c,
                        Reason.ASSEMBLY_OVERFLOW,
                        open.size()
                                + " requests are open on this subtask; max-open-requests is "
                                + settings.maxOpenRequests()
                                + ": raise it or the parallelism, or send whole requests");
                return;
            }
            request =
                    new OpenRequest(
                            c.request(),
                            canonical(c.placement()),
                            canonical(c.model()),
                            c.unit(),
                            c.expected(),
                            c.temperature(),
                            now);
            if (!admit(request, c, id)) {
                return;
            }
            deadlines.registerProcessingTimeTimer(
                    VoidNamespace.INSTANCE, now + settings.timeout().toMillis());
        } else {
            String disagreement = request.disagreement(c);
            if (disagreement != null) {
                reject(
                        c,
                        Reason.INCONSISTENT_REQUEST,
                        "this candidate has "
                                + disagreement
                                + "; a request's candidates must agree");
                return;
            }
            if (request.contains(id)) {
                reject(
                        c,
                        Reason.DUPLICATE_CANDIDATE,
                        "candidate "
                                + Texts.quote(c.candidate())
                                + " is already in request "
                                + Texts.quote(c.request())
                                + "; the first one stays");
                return;
            }
            if (!admit(request, c, id)) {
                return;
            }
        }
        if (request.isComplete()) {
            deadlines.deleteProcessingTimeTimer(
                    VoidNamespace.INSTANCE, request.opened() + settings.timeout().toMillis());
            decide(request);
        }
    }

    /**
     * Adds {@code c} to {@code request} and writes it to state, or refuses it as an {@code
     * assembly_overflow} when the open requests would hold more than the byte budget.
     */
    private boolean admit(OpenRequest request, CandidateScore c, byte[] id) throws Exception {
        long before = open.getOrDefault(request.request(), 0L);
        long estimate = c.raw() == null ? 0 : c.raw().payload().length;
        if (!request.canHold(id.length, estimate)) {
            reject(
                    c,
                    Reason.ASSEMBLY_OVERFLOW,
                    "request "
                            + Texts.quote(c.request())
                            + " already holds "
                            + request.size()
                            + " candidates; with this one its records would pass 2 GB, the most"
                            + " one request can hold");
            return false;
        }
        if (heldBytes + estimate > bytesBudget) {
            reject(
                    c,
                    Reason.ASSEMBLY_OVERFLOW,
                    "open requests hold "
                            + heldBytes
                            + " bytes on this subtask; this candidate's "
                            + estimate
                            + " would pass max-open-bytes ("
                            + bytesBudget
                            + "): raise it, the TaskManager's heap or the parallelism, or"
                            + " send whole requests");
            return false;
        }
        request.add(c, id);
        requests.update(request);
        heldBytes -= before;
        hold(request.request(), request.heapBytes());
        return true;
    }

    private void hold(String request, long bytes) {
        open.put(request, bytes);
        heldBytes += bytes;
    }

    /** A request's deadline: decide it with what it has. */
    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        if (requests.value() != null) {
            metrics.deadlineFired(
                    getProcessingTimeService().getCurrentProcessingTime() - timer.getTimestamp());
        }
        decideOpen();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // No event-time timers.
    }

    /**
     * The end of a bounded input: every open request is decided now. Flink does not fire pending
     * processing-time timers when a bounded streaming job finishes, so without this they would be
     * lost.
     */
    @Override
    public void endInput() throws Exception {
        for (String request : new ArrayList<>(open.keySet())) {
            setCurrentKey(request);
            decideOpen();
        }
    }

    private void decideOpen() throws Exception {
        OpenRequest request = requests.value();
        if (request != null) {
            decide(request);
        } // else decided already
    }

    private void decide(OpenRequest openRequest) throws Exception {
        List<CandidateScore> request = openRequest.candidates();
        CandidateScore first = request.get(0);
        List<RawEvent> raws = new ArrayList<>(request.size());
        long firstRead = Long.MAX_VALUE;
        long lastRead = Long.MIN_VALUE;
        long ts = Long.MAX_VALUE;
        for (CandidateScore c : request) {
            // A library caller's candidate may come without its record.
            raws.add(c.raw() == null ? RawEvent.of(new byte[0]) : c.raw());
            firstRead = Math.min(firstRead, c.readAt());
            lastRead = Math.max(lastRead, c.readAt());
            if (c.hasEventTs()) {
                ts = Math.min(ts, c.eventTs());
            }
        }
        byte[] payload = json.toJson(request);
        RawEvent assembled =
                new RawEvent(
                        payload,
                        payload.length,
                        null,
                        new RawEvent.Assembly(first.expected(), raws));
        output.collect(
                ts == Long.MAX_VALUE
                        ? new StreamRecord<>(assembled)
                        : new StreamRecord<>(assembled, ts));
        requests.clear();
        decided.update(Boolean.TRUE);
        Long held = open.remove(first.request());
        heldBytes -= held == null ? 0 : held;
        long wall = System.currentTimeMillis();
        metrics.decided(openRequest.isComplete(), wall - firstRead, wall - lastRead);
    }

    /**
     * One instance per placement or model name on this subtask (there are few), so that held
     * candidates do not each keep their own; forgets them all past {@link #MAX_NAMES} (a producer
     * that sends a new model name per request gains nothing from sharing).
     */
    private String canonical(String name) {
        if (name == null) {
            return null;
        }
        String known = names.putIfAbsent(name, name);
        if (known != null) {
            return known;
        }
        if (names.size() > MAX_NAMES) {
            names.clear();
        }
        return name;
    }

    private void reject(CandidateScore c, Reason reason, String message) {
        metrics.deadLetter(reason);
        output.collect(
                OutputTags.DEAD_LETTERS,
                new StreamRecord<>(
                        DeadLetter.of(
                                c.raw(),
                                reason,
                                message,
                                c.request(),
                                System.currentTimeMillis())));
    }
}
