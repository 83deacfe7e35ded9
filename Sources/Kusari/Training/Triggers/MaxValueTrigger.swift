// Chainer's `triggers.MaxValueTrigger`.

/// Fires when the mean of `key` over a period of `trigger` is the largest so far (for
/// example, to snapshot the model with the best validation accuracy).
/// Chainer: `MaxValueTrigger(key, trigger=(1, 'epoch'))`.
public final class MaxValueTrigger: BestValueTrigger {
    public init(key: String, trigger: Interval = .epochs(1)) {
        super.init(key: key, trigger: trigger) { best, new in new > best }
    }
}
