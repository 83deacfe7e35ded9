// kusari-bench mlp: one epoch of Chainer's MNIST example MLP, as torch_mlp.py measures it.
import Kusari

/// Mode `mlp`: the `lenet` protocol for the 784-1000-1000-10 perceptron. Its FLOPs per sample:
/// 2·(784·1000 + 1000·1000 + 1000·10) = 3.588 M forward, three times that to train.
func mlpBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let training = try TrainingOptions(&options)
    try options.checkAllRead()
    printTrainingFigures("mlp", runTrainingBench(MLP(), ndim: 1, training), trainFlops: 3 * 3.588e6, evalFlops: 3.588e6)
}
